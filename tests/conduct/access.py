from tests.access import LOGIN, UrlCase, trainee_pk

from .builders import condition, discipline_for, tolerance_case_for

STAFF_ONLY = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": 200,
    "unit_staff": 200,
    "mentor": 403,
    "trainee": 403,
}
ORG_LIST = {**STAFF_ONLY, "unit_staff": 403}
CITY_ONLY = {**ORG_LIST, "county_staff": 403}
# Sensitive records (容错, discipline): the organisation department over the trainee; 404 for
# everyone else, the trainee included — their existence is not revealed.
SENSITIVE = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": 404,
    "mentor": 404,
    "trainee": 404,
}
ORG_WRITE = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (403, 404),
    "mentor": (403, 404),
    "trainee": (403, 404),
}


def case_pk(world, which):
    return {"pk": tolerance_case_for(world, which).pk}


def discipline_pk(world, which):
    return {"pk": discipline_for(world, which).pk}


def condition_pk(world, which):
    return {"pk": condition(world).pk}


CASES = [
    UrlCase("conduct:tolerance_list", expect=ORG_LIST),
    UrlCase("conduct:tolerance_detail", kwargs=case_pk, expect=SENSITIVE),
    UrlCase("conduct:tolerance_update", kwargs=case_pk, expect=SENSITIVE),
    UrlCase("conduct:tolerance_create", kwargs=trainee_pk, expect=SENSITIVE),
    UrlCase("conduct:award_list", expect=STAFF_ONLY),
    UrlCase("conduct:award_create", kwargs=trainee_pk, expect=ORG_WRITE),
    UrlCase("conduct:discipline_list", expect=ORG_LIST),
    UrlCase("conduct:discipline_detail", kwargs=discipline_pk, expect=SENSITIVE),
    UrlCase("conduct:discipline_create", kwargs=trainee_pk, expect=SENSITIVE),
    # Trainees only when the rules allow it (off by default).
    UrlCase("conduct:exemplary_list", expect=STAFF_ONLY),
    UrlCase("conduct:exemplary_create", kwargs=trainee_pk, expect=ORG_WRITE),
    UrlCase("conduct:rules", expect=CITY_ONLY),
    UrlCase("conduct:condition_create", expect=CITY_ONLY),
    UrlCase("conduct:condition_update", kwargs=condition_pk, expect=CITY_ONLY),
]
