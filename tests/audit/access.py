from tests.access import LOGIN, UrlCase

CASES = [
    UrlCase(
        "audit:event_list",
        expect={
            "anonymous": LOGIN,
            "superuser": 200,
            "city_staff": 200,
            "county_staff": 403,
            "unit_staff": 403,
            "mentor": 403,
            "trainee": 403,
        },
    ),
]
