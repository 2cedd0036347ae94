from tests.access import LOGIN, SCOPED_READ, UrlCase, trainee_pk

ORG_DEPARTMENT = {"superuser": 200, "city_staff": 200, "county_staff": 200}
OWN_RECORD = {
    "anonymous": LOGIN,
    "superuser": 404,
    "city_staff": 404,
    "county_staff": 404,
    "unit_staff": 404,
    "mentor": 404,
    "trainee": 200,
}

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
    # A section of the trainee page (cadets/panels.py): the same scope as the page.
    UrlCase(
        "cadets:trainee_section",
        kwargs=lambda world, which: {"pk": world.trainee(which).pk, "section": "support"},
        expect=SCOPED_READ,
    ),
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
    UrlCase("cadets:me", expect=OWN_RECORD),
    UrlCase(
        "cadets:me_section", kwargs=lambda world, which: {"section": "daily"}, expect=OWN_RECORD
    ),
]

# Daily management (issue 4): leave and work reports. "own" records hang off the own trainee.
from tests.cadets.builders import leave_for, report_for  # noqa: E402

STAFF = {"superuser": 200, "city_staff": 200, "county_staff": 200, "unit_staff": 200}
# Only the trainee themselves; a superuser has no trainee record.
TRAINEE_ONLY = {
    "anonymous": LOGIN,
    "superuser": 404,
    "city_staff": 403,
    "county_staff": 403,
    "unit_staff": 403,
    "mentor": 403,
    "trainee": 200,
}
# The trainee acts on their own record; everyone else who can see it may not.
OWNER_ACTION = {
    "anonymous": LOGIN,
    "superuser": 403,
    "city_staff": 403,
    "county_staff": (403, 404),
    "unit_staff": (403, 404),
    "mentor": (403, 404),
    "trainee": (200, 404),
}


def leave_pk(world, which):
    return {"pk": leave_for(world, which).pk}


def report_pk(world, which):
    return {"pk": report_for(world, which).pk}


CASES += [
    UrlCase(
        "cadets:leave_list",
        expect={"anonymous": LOGIN, **STAFF, "mentor": 403, "trainee": 403},
    ),
    UrlCase("cadets:leave_create", expect=TRAINEE_ONLY),
    UrlCase("cadets:leave_detail", kwargs=leave_pk, expect=SCOPED_READ),
    # The own leave is short: it waits for the receiving unit alone.
    UrlCase(
        "cadets:leave_decide",
        method="post",
        kwargs=leave_pk,
        data=lambda world, which: {"decision": "approve"},
        note="the approver is sent back to the request",
        expect={**OWNER_ACTION, "unit_staff": (302, 404), "trainee": (403, 404)},
    ),
    UrlCase("cadets:leave_return", kwargs=leave_pk, expect=OWNER_ACTION),
    UrlCase(
        "cadets:leave_cancel",
        method="post",
        kwargs=leave_pk,
        note="the trainee is sent back to the request",
        expect={**OWNER_ACTION, "trainee": (302, 404)},
    ),
    UrlCase(
        "cadets:report_list",
        expect={"anonymous": LOGIN, **STAFF, "mentor": 200, "trainee": 403},
    ),
    UrlCase(
        "cadets:report_missing",
        expect={"anonymous": LOGIN, **STAFF, "mentor": 200, "trainee": 403},
    ),
    UrlCase("cadets:report_create", expect=TRAINEE_ONLY),
    UrlCase("cadets:report_detail", kwargs=report_pk, expect=SCOPED_READ),
    UrlCase(
        "cadets:report_comment",
        method="post",
        kwargs=report_pk,
        data=lambda world, which: {"body": "继续努力"},
        note="the commenter is sent back to the report",
        expect={
            "anonymous": LOGIN,
            "superuser": 302,
            "city_staff": 302,
            "county_staff": (302, 404),
            "unit_staff": (302, 404),
            "mentor": (302, 404),
            "trainee": (403, 404),
        },
    ),
]


# The individual training plan (cadets/plan_views.py). The plan a case needs is made by its
# kwargs function in the state the page expects.
def _plan(world, which: str, status: str):
    import datetime as dt

    from django.utils import timezone

    from cadets.models import PlanMilestone, TrainingPlan

    trainee = world.trainee(which)
    in_force = status in TrainingPlan.IN_FORCE
    plan, created = TrainingPlan.objects.get_or_create(
        trainee=trainee,
        version=1,
        defaults={
            "status": status,
            **{part: "内容" for part in TrainingPlan.PARTS},
            "approved_at": timezone.now() if in_force else None,
        },
    )
    if created:
        PlanMilestone.objects.create(plan=plan, title="试用期满考核", due_on=dt.date(2026, 8, 1))
    return plan


def _plan_kwargs(status: str):
    def kwargs(world, which: str) -> dict:
        _plan(world, which, status)
        return {"pk": world.trainee(which).pk}

    return kwargs


def _plan_version(world, which: str) -> dict:
    return {"pk": _plan(world, which, "approved").trainee_id, "version": 1}


def _milestone(world, which: str) -> dict:
    plan = _plan(world, which, "approved")
    return {"pk": plan.trainee_id, "milestone_pk": plan.milestones.get().pk}


PLAN_DRAFTERS = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (200, 404),
    "mentor": (403, 404),
    "trainee": (403, 404),
}
PLAN_REVIEWERS = {**PLAN_DRAFTERS, "unit_staff": (403, 404)}
REDIRECTED = {
    "anonymous": LOGIN,
    "superuser": 302,
    "city_staff": 302,
    "county_staff": (302, 404),
    "unit_staff": (302, 404),
    "mentor": (403, 404),
    "trainee": (403, 404),
}

CASES += [
    UrlCase("cadets:plan_detail", kwargs=trainee_pk, expect=SCOPED_READ),
    UrlCase("cadets:plan_version", kwargs=_plan_version, expect=SCOPED_READ),
    UrlCase("cadets:plan_edit", kwargs=trainee_pk, expect=PLAN_DRAFTERS),
    UrlCase("cadets:plan_submit", kwargs=_plan_kwargs("draft"), method="post", expect=REDIRECTED),
    UrlCase("cadets:plan_review", kwargs=_plan_kwargs("submitted"), expect=PLAN_REVIEWERS),
    # Only the trainee themselves acknowledges; nobody may do it for them.
    UrlCase(
        "cadets:plan_acknowledge",
        kwargs=_plan_kwargs("approved"),
        method="post",
        expect={
            "anonymous": LOGIN,
            "superuser": 403,
            "city_staff": 403,
            "county_staff": (403, 404),
            "unit_staff": (403, 404),
            "mentor": (403, 404),
            "trainee": (302, 404),
        },
    ),
    UrlCase("cadets:plan_compare", kwargs=_plan_kwargs("approved"), expect=SCOPED_READ),
    UrlCase("cadets:plan_print", kwargs=_plan_kwargs("approved"), expect=SCOPED_READ),
    UrlCase("cadets:milestone_done", kwargs=_milestone, expect=PLAN_DRAFTERS),
]

# The programme rules page: city staff only.
CASES.append(
    UrlCase(
        "cadets:programme_rules",
        expect={
            "anonymous": LOGIN,
            "superuser": 200,
            "city_staff": 200,
            "county_staff": 403,
            "unit_staff": 403,
            "mentor": 403,
            "trainee": 403,
        },
    )
)
