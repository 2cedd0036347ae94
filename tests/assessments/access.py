from tests.access import LOGIN, UrlCase, trainee_pk

from .builders import assessment_pk, cycle_pk, template_pk

ORG = {"superuser": 200, "city_staff": 200, "county_staff": 200}
ORG_ONLY = {"anonymous": LOGIN, **ORG, "unit_staff": 403, "mentor": 403, "trainee": 403}
CITY_ONLY = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": 403,
    "unit_staff": 403,
    "mentor": 403,
    "trainee": 403,
}
# A record the role can see but may not manage answers 403; one outside its scope 404.
ORG_RECORD = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (403, 404),
    "mentor": (403, 404),
    "trainee": (403, 404),
}


def _post(ok: int) -> dict:
    return {
        "anonymous": 302,
        "superuser": ok,
        "city_staff": ok,
        "county_staff": (ok, 404),
        "unit_staff": (403, 404),
        "mentor": (403, 404),
        "trainee": (403, 404),
    }


CASES = [
    UrlCase("assessments:cycle_list", expect=ORG_ONLY),
    UrlCase("assessments:cycle_create", expect=ORG_ONLY),
    UrlCase(
        "assessments:cycle_generate",
        method="post",
        expect={
            "anonymous": 302,
            **{r: 302 for r in ORG},
            **{r: 403 for r in ("unit_staff", "mentor", "trainee")},
        },
    ),
    UrlCase("assessments:cycle_detail", kwargs=cycle_pk, expect=ORG_RECORD),
    # Public notice and locking without valid dates/state: a message and a redirect.
    UrlCase("assessments:cycle_notice", kwargs=cycle_pk, method="post", expect=_post(302)),
    UrlCase("assessments:cycle_lock", kwargs=cycle_pk, method="post", expect=_post(302)),
    UrlCase("assessments:assessment_detail", kwargs=assessment_pk, expect=ORG_RECORD),
    UrlCase(
        "assessments:assessment_confirm", kwargs=assessment_pk, method="post", expect=_post(302)
    ),
    # Issuing ballots renders the codes once (200).
    UrlCase(
        "assessments:ballots_issue",
        kwargs=assessment_pk,
        method="post",
        data=lambda world, which: {"group": "colleagues", "count": 2},
        expect=_post(200),
    ),
    # Raters see only the assessments assigned to them: own has the trainee (self-report),
    # the mentor, the township and county A as raters; nobody else rates anything here.
    UrlCase(
        "assessments:rate",
        kwargs=assessment_pk,
        expect={
            "anonymous": LOGIN,
            "superuser": 404,
            "city_staff": 404,
            "county_staff": (200, 404),
            "unit_staff": (200, 404),
            "mentor": (200, 404),
            "trainee": (200, 404),
        },
    ),
    UrlCase(
        "assessments:result",
        kwargs=assessment_pk,
        expect={**ORG_RECORD, "trainee": (200, 404)},
    ),
    # The trainee's own: a redirect with a message (the result is not in notice yet).
    UrlCase(
        "assessments:acknowledge",
        kwargs=assessment_pk,
        method="post",
        expect={
            "anonymous": 302,
            "superuser": 302,
            "city_staff": 403,
            "county_staff": (403, 404),
            "unit_staff": (403, 404),
            "mentor": (403, 404),
            "trainee": (302, 404),
        },
    ),
    UrlCase(
        "assessments:my_tasks",
        expect={"anonymous": LOGIN, **ORG, "unit_staff": 200, "mentor": 200, "trainee": 200},
    ),
    # The ballot page is public; the code is typed into the form, never part of the URL.
    UrlCase(
        "assessments:vote",
        expect={
            r: 200
            for r in (
                "anonymous",
                "superuser",
                "city_staff",
                "county_staff",
                "unit_staff",
                "mentor",
                "trainee",
            )
        },
    ),
    UrlCase("assessments:template_list", expect=CITY_ONLY),
    UrlCase("assessments:template_create", expect=CITY_ONLY),
    UrlCase("assessments:template_edit", kwargs=template_pk, expect=CITY_ONLY),
    UrlCase("assessments:outcome_create", kwargs=trainee_pk, expect=ORG_RECORD),
    UrlCase("assessments:talent_pool", expect=ORG_ONLY),
]
