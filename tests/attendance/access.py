from tests.access import LOGIN, UrlCase

from .builders import MONTH, sheet_of

STAFF_LIST = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": 200,
    "unit_staff": 200,
    "mentor": 403,
    "trainee": 403,
}
# A sheet is the township's: staff above it see it, mentors and trainees never (404).
SHEET_READ = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (200, 404),
    "mentor": 404,
    "trainee": 404,
}


def _fill(status: int) -> dict:
    """Only the township's own staff (and a superuser) fill, submit and correct."""
    return {
        "anonymous": LOGIN,
        "superuser": status,
        "city_staff": 403,
        "county_staff": (403, 404),
        "unit_staff": (status, 404),
        "mentor": 404,
        "trainee": 404,
    }


def draft(world, which):
    return {"pk": sheet_of(world, which).pk}


def submitted(world, which):
    return {"pk": sheet_of(world, which, submitted=True).pk}


def _township(world, which):
    return {
        "township": (world.township_a if which == "own" else world.township_b).pk,
        "month": f"{MONTH:%Y-%m}",
    }


ONLY_FILLERS = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 403,
    "county_staff": 403,
    "unit_staff": 200,
    "mentor": 403,
    "trainee": 403,
}

CASES = [
    UrlCase("attendance:overview", expect=STAFF_LIST),
    UrlCase(
        "attendance:sheet_start",
        method="post",
        data=_township,
        expect={
            "anonymous": LOGIN,
            "superuser": 302,
            "city_staff": 403,
            "county_staff": 403,
            "unit_staff": (302, 404),
            "mentor": 403,
            "trainee": 403,
        },
    ),
    UrlCase("attendance:sheet_detail", kwargs=draft, expect=SHEET_READ),
    UrlCase("attendance:sheet_edit", kwargs=draft, expect=_fill(200)),
    UrlCase("attendance:sheet_submit", kwargs=draft, method="post", expect=_fill(302)),
    UrlCase("attendance:sheet_correct", kwargs=submitted, expect=_fill(200)),
    UrlCase("attendance:sheet_import", kwargs=draft, expect=_fill(200)),
    UrlCase("attendance:import_template", expect=ONLY_FILLERS),
    UrlCase(
        "attendance:rules",
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
