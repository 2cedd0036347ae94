from django.utils import timezone

from tests.access import LOGIN, UrlCase, trainee_pk

from .builders import feedback_for, mentor_for, mentorship_for

STAFF_ONLY = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": 200,
    "unit_staff": 200,
    "mentor": 403,
    "trainee": 403,
}
# Writes of the organisation department on a record reached through the trainee.
ORG_WRITE = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (403, 404),
    "mentor": (403, 404),
    "trainee": (403, 404),
}


def mentor_pk(world, which):
    return {"pk": mentor_for(world, which).pk}


def mentorship_pk(world, which):
    return {"pk": mentorship_for(world, which).pk}


def this_month(world, which):
    today = timezone.localdate()
    return {"pk": mentorship_for(world, which).pk, "year": today.year, "month": today.month}


def feedback_pk(world, which):
    return {"pk": feedback_for(world, which).pk}


CASES = [
    # The mentor's home; a superuser has no mentor record of their own.
    UrlCase(
        "mentors:home",
        expect={
            "anonymous": LOGIN,
            "superuser": 404,
            "city_staff": 403,
            "county_staff": 403,
            "unit_staff": 403,
            "mentor": 200,
            "trainee": 403,
        },
    ),
    UrlCase("mentors:mentor_list", expect=STAFF_ONLY),
    UrlCase(
        "mentors:mentor_create",
        expect={**STAFF_ONLY, "unit_staff": 403},
    ),
    # A mentor sees their own profile; trainees see no mentor profile.
    UrlCase(
        "mentors:mentor_detail",
        kwargs=mentor_pk,
        expect={
            "anonymous": LOGIN,
            "superuser": 200,
            "city_staff": 200,
            "county_staff": (200, 404),
            "unit_staff": (200, 404),
            "mentor": (200, 404),
            "trainee": 404,
        },
    ),
    UrlCase(
        "mentors:mentor_update",
        kwargs=mentor_pk,
        expect={**ORG_WRITE, "trainee": 404},
    ),
    UrlCase("mentors:mentorship_create", kwargs=trainee_pk, expect=ORG_WRITE),
    UrlCase("mentors:mentorship_end", kwargs=mentorship_pk, expect=ORG_WRITE),
    # Staff and the trainee's mentors record talks.
    UrlCase(
        "mentors:talk_create",
        kwargs=trainee_pk,
        expect={**ORG_WRITE, "unit_staff": (200, 404), "mentor": (200, 404)},
    ),
    # Only the pairing's own mentor writes its records — not even a superuser.
    UrlCase(
        "mentors:feedback_edit",
        kwargs=this_month,
        expect={
            "anonymous": LOGIN,
            "superuser": 403,
            "city_staff": 403,
            "county_staff": (403, 404),
            "unit_staff": (403, 404),
            "mentor": (200, 404),
            "trainee": (403, 404),
        },
    ),
    UrlCase(
        "mentors:feedback_edit",
        method="post",
        kwargs=this_month,
        data=lambda world, which: {"action": "draft", "thinking": "草稿"},
        note="the mentor's draft is saved and the form shown again",
        expect={
            "anonymous": LOGIN,
            "superuser": 403,
            "city_staff": 403,
            "county_staff": (403, 404),
            "unit_staff": (403, 404),
            "mentor": (302, 404),
            "trainee": (403, 404),
        },
    ),
    # Trainees see feedback only when the mentoring rules share it (off by default).
    UrlCase(
        "mentors:feedback_detail",
        kwargs=feedback_pk,
        expect={
            "anonymous": LOGIN,
            "superuser": 200,
            "city_staff": 200,
            "county_staff": (200, 404),
            "unit_staff": (200, 404),
            "mentor": (200, 404),
            "trainee": 404,
        },
    ),
    UrlCase("mentors:flagged_list", expect=STAFF_ONLY),
    UrlCase(
        "mentors:config",
        expect={**STAFF_ONLY, "county_staff": 403, "unit_staff": 403},
    ),
]
