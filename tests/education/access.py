from tests.access import LOGIN, UrlCase

from .builders import course_for

STAFF_ONLY = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": 200,
    "unit_staff": 200,
    "mentor": 403,
    "trainee": 403,
}
# Mentors and trainees see a course their trainee is in (403: the page is for staff), never
# another (404).
COURSE_READ = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (200, 404),
    "mentor": (403, 404),
    "trainee": (403, 404),
}


def _change(status: int) -> dict:
    return {**COURSE_READ, "superuser": status, "city_staff": status,
            "county_staff": (status, 404), "unit_staff": (status, 404)}  # fmt: skip


def course(world, which):
    return {"pk": course_for(world, which).pk}


def _enrol_data(world, which):
    return {"trainees": [world.trainee(which).pk]}


CASES = [
    UrlCase("education:course_list", expect=STAFF_ONLY),
    UrlCase("education:course_create", expect=STAFF_ONLY),
    UrlCase("education:course_detail", kwargs=course, expect=COURSE_READ),
    UrlCase("education:course_edit", kwargs=course, expect=_change(200)),
    UrlCase(
        "education:course_enrol",
        kwargs=course,
        method="post",
        data=_enrol_data,
        expect=_change(302),
    ),  # fmt: skip
    UrlCase("education:course_record", kwargs=course, expect=_change(200)),
    UrlCase("education:hours", expect=STAFF_ONLY),
    UrlCase(
        "education:rules",
        expect={**STAFF_ONLY, "county_staff": 403, "unit_staff": 403},
    ),
]
