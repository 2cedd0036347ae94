from tests.access import LOGIN, UrlCase, trainee_pk

from .builders import profile_pk, shortlist_pk, transfer_pk

NOT_ORG = {"unit_staff": 403, "mentor": 403, "trainee": 403}
ORG_ONLY = {"anonymous": LOGIN, "superuser": 200, "city_staff": 200, "county_staff": 200, **NOT_ORG}
CITY_ONLY = {**ORG_ONLY, "county_staff": 403}
# A trainee's record: out of scope 404, in scope but not the organisation department 403.
ORG_RECORD = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (403, 404),
    "mentor": (403, 404),
    "trainee": (403, 404),
}
# Drafting: the county (and the superuser); the city approves instead.
DRAFT = {**ORG_RECORD, "city_staff": 403}
# Profiles and shortlists are kept by a unit: only its department and the ones above see them.
KEPT = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": 404,
    "mentor": 404,
    "trainee": 404,
}


def _posted(shape: dict) -> dict:
    """A POST without a valid choice: a message and a redirect (302) where allowed."""
    return {role: (302 if v == 200 else tuple(302 if x == 200 else x for x in v)
                   if isinstance(v, tuple) else v) for role, v in shape.items()}  # fmt: skip


CASES = [
    UrlCase("careers:transfer_list", expect=ORG_ONLY),
    UrlCase("careers:transfer_create", kwargs=trainee_pk, expect=DRAFT),
    UrlCase("careers:transfer_detail", kwargs=transfer_pk, expect=ORG_RECORD),
    # Only the city decides a one-level transfer; the county that drafted it may not.
    UrlCase(
        "careers:transfer_decide",
        kwargs=transfer_pk,
        method="post",
        expect={**_posted(ORG_RECORD), "anonymous": 302, "county_staff": (403, 404)},
    ),
    UrlCase("careers:follow_up_list", expect=ORG_ONLY),
    UrlCase("careers:follow_up_create", kwargs=trainee_pk, expect=ORG_RECORD),
    UrlCase("careers:follow_up_close", kwargs=trainee_pk, expect=ORG_RECORD),
    UrlCase("careers:profile_list", expect=ORG_ONLY),
    UrlCase("careers:profile_create", expect=ORG_ONLY),
    UrlCase("careers:profile_detail", kwargs=profile_pk, expect=KEPT),
    UrlCase("careers:profile_edit", kwargs=profile_pk, expect=KEPT),
    UrlCase(
        "careers:shortlist_save",
        kwargs=profile_pk,
        method="post",
        expect={**_posted(KEPT), "anonymous": 302},
    ),
    UrlCase("careers:shortlist_detail", kwargs=shortlist_pk, expect=KEPT),
    UrlCase(
        "careers:shortlist_outcomes",
        kwargs=shortlist_pk,
        method="post",
        expect={**_posted(KEPT), "anonymous": 302},
    ),
    UrlCase("careers:analysis", expect=ORG_ONLY),
    UrlCase("careers:analysis_trainees", expect=ORG_ONLY),
    UrlCase("careers:config", expect=CITY_ONLY),
]
