from tests.access import LOGIN, UrlCase, trainee_pk

from .builders import difficulty_for, entitlement_for, entitlement_type

STAFF_ONLY = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": 200,
    "unit_staff": 200,
    "mentor": 403,
    "trainee": 403,
}
CITY_ONLY = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": 403,
    "unit_staff": 403,
    "mentor": 403,
    "trainee": 403,
}
# Staff write for a trainee in their scope; the mentor and the trainee may not.
STAFF_WRITE = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (200, 404),
    "mentor": (403, 404),
    "trainee": (403, 404),
}


def difficulty_pk(world, which):
    return {"pk": difficulty_for(world, which).pk}


def entitlement_pk(world, which):
    return {"pk": entitlement_for(world, which).pk}


def type_pk(world, which):
    return {"pk": entitlement_type(world).pk}


CASES = [
    UrlCase("support:difficulty_list", expect=STAFF_ONLY),
    # A difficulty: its trainee's staff and the trainee themselves; never a mentor.
    UrlCase(
        "support:difficulty_detail",
        kwargs=difficulty_pk,
        expect={**STAFF_WRITE, "mentor": 404, "trainee": (200, 404)},
    ),
    UrlCase(
        "support:difficulty_create",
        kwargs=trainee_pk,
        expect={**STAFF_WRITE, "trainee": (200, 404)},
    ),
    UrlCase("support:care_list", expect=STAFF_ONLY),
    UrlCase("support:care_create", kwargs=trainee_pk, expect=STAFF_WRITE),
    UrlCase("support:entitlement_list", expect=STAFF_ONLY),
    UrlCase(
        "support:entitlement_update",
        kwargs=entitlement_pk,
        expect={**STAFF_WRITE, "mentor": 404},
    ),
    UrlCase(
        "support:entitlement_setup",
        kwargs=trainee_pk,
        method="post",
        note="the staff member is sent back to the trainee's page",
        expect={
            "anonymous": LOGIN,
            "superuser": 302,
            "city_staff": 302,
            "county_staff": (302, 404),
            "unit_staff": (302, 404),
            "mentor": (403, 404),
            "trainee": (403, 404),
        },
    ),
    UrlCase("support:rules", expect=CITY_ONLY),
    UrlCase("support:entitlement_type_create", expect=CITY_ONLY),
    UrlCase("support:entitlement_type_update", kwargs=type_pk, expect=CITY_ONLY),
]
