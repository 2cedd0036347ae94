from office.models import ImportJob
from tests.access import LOGIN, SCOPED_READ, UrlCase, trainee_pk
from tests.assessments.builders import assessment_pk
from tests.cadets.access import _plan_kwargs

DESK = {"superuser": 200, "city_staff": 200, "county_staff": 200, "unit_staff": 200}
ORG_DEPARTMENT = {"superuser": 200, "city_staff": 200, "county_staff": 200, "unit_staff": 403}
NOT_STAFF = {"mentor": 403, "trainee": 403}
# Documents: staff within their scope; mentors and trainees may see the record, not print it.
STAFF_DOCUMENT = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (200, 404),
    "mentor": (403, 404),
    "trainee": (403, 404),
}
# An import is its uploader's: "own" was uploaded by the city staff member, "other" by the
# superuser; everyone else's answer is 404.
JOB = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": (200, 404),
    "county_staff": 404,
    "unit_staff": 404,
    "mentor": 404,
    "trainee": 404,
}


def _job(world, which: str) -> dict:
    key = f"import_{which}"
    if key not in world.extra:
        uploader = world.users["city_staff" if which == "own" else "superuser"]
        world.extra[key] = ImportJob.objects.create(
            kind=ImportJob.Kind.TRAINEES,
            status=ImportJob.Status.DONE,
            original_name="花名册.xlsx",
            created_by=uploader,
            report={"created": [world.trainee(which).pk]},
            progress=100,
        )
    return {"pk": world.extra[key].pk}


def _kind(kind: str):
    return lambda world, which: {"kind": kind}


CASES = [
    UrlCase("office:dashboard", expect={"anonymous": LOGIN, **DESK, **NOT_STAFF}),
    UrlCase("office:dashboard_due", expect={"anonymous": LOGIN, **DESK, **NOT_STAFF}),
    UrlCase(
        "office:import_upload",
        kwargs=_kind("trainees"),
        expect={"anonymous": LOGIN, **ORG_DEPARTMENT, **NOT_STAFF},
    ),
    UrlCase(
        "office:import_template",
        kwargs=_kind("mentors"),
        expect={"anonymous": LOGIN, **ORG_DEPARTMENT, **NOT_STAFF},
    ),
    UrlCase("office:import_job", kwargs=_job, expect=JOB),
    UrlCase("office:import_progress", kwargs=_job, expect=JOB),
    # A finished import cannot be imported again: back to its page.
    UrlCase(
        "office:import_confirm",
        kwargs=_job,
        method="post",
        expect={**JOB, "superuser": 302, "city_staff": (302, 404)},
    ),
    UrlCase(
        "office:export",
        kwargs=_kind("trainees"),
        expect={"anonymous": LOGIN, **DESK, **NOT_STAFF},
    ),
    # The full export needs the reveal permission, which only the superuser holds here.
    UrlCase(
        "office:export_full",
        kwargs=_kind("trainees"),
        expect={
            "anonymous": LOGIN,
            "superuser": 200,
            "city_staff": 403,
            "county_staff": 403,
            "unit_staff": 403,
            **NOT_STAFF,
        },
    ),
    UrlCase("office:growth_file", kwargs=trainee_pk, expect=STAFF_DOCUMENT),
    UrlCase("office:growth_file_pdf", kwargs=trainee_pk, expect=STAFF_DOCUMENT),
    # The plan prints for whoever may print it on the plan's page (cadets:plan_print).
    UrlCase("office:plan_document", kwargs=_plan_kwargs("approved"), expect=SCOPED_READ),
    UrlCase("office:plan_pdf", kwargs=_plan_kwargs("approved"), expect=SCOPED_READ),
    UrlCase("office:assessment_form", kwargs=assessment_pk, expect=STAFF_DOCUMENT),
    UrlCase("office:assessment_form_pdf", kwargs=assessment_pk, expect=STAFF_DOCUMENT),
]
