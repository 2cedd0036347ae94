from tests.access import LOGIN, SCOPED_READ, UrlCase, trainee_pk

ORG_DEPARTMENT = {"superuser": 200, "city_staff": 200, "county_staff": 200}

CASES = [
    UrlCase(
        "cadets:trainee_list",
        expect={
            "anonymous": LOGIN,
            **ORG_DEPARTMENT,
            "unit_staff": 200,
            "mentor": 200,
            "trainee": 403,
        },
    ),
    UrlCase(
        "cadets:trainee_create",
        expect={
            "anonymous": LOGIN,
            **ORG_DEPARTMENT,
            "unit_staff": 403,
            "mentor": 403,
            "trainee": 403,
        },
    ),
    UrlCase("cadets:trainee_detail", kwargs=trainee_pk, expect=SCOPED_READ),
    UrlCase(
        "cadets:trainee_update",
        kwargs=trainee_pk,
        expect={
            "anonymous": LOGIN,
            "superuser": 200,
            "city_staff": 200,
            "county_staff": (200, 404),
            "unit_staff": (403, 404),
            "mentor": (403, 404),
            "trainee": (403, 404),
        },
    ),
    # The audited reveal needs the reveal permission (the demo city staff hold it; here nobody
    # but the superuser does), so a visible record answers 403 and an invisible one 404.
    UrlCase(
        "cadets:trainee_reveal",
        kwargs=lambda world, which: {"pk": world.trainee(which).pk, "field": "id_number"},
        expect={
            "anonymous": LOGIN,
            "superuser": 200,
            "city_staff": 403,
            "county_staff": (403, 404),
            "unit_staff": (403, 404),
            "mentor": (403, 404),
            "trainee": (403, 404),
        },
    ),
    # 我的: only a trainee has a record of their own.
    UrlCase(
        "cadets:me",
        expect={
            "anonymous": LOGIN,
            "superuser": 404,
            "city_staff": 404,
            "county_staff": 404,
            "unit_staff": 404,
            "mentor": 404,
            "trainee": 200,
        },
    ),
]
