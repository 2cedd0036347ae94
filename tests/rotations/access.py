"""Access-matrix cases of the rotations app (see tests/access.py). Records a case needs are
created by its kwargs function, inside the test's database, next to the world's trainees."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from rotations.models import (
    KeyTask,
    KeyTaskAttachment,
    PlannerRun,
    Post,
    PostCategory,
    Rotation,
)
from tests.access import LOGIN, SCOPED_READ, UrlCase, trainee_pk

PDF = b"%PDF-1.4\n% test\n"

# Staff manage the trainees in their subtree; mentors and trainees read only.
STAFF_MANAGE = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (200, 404),
    "mentor": (403, 404),
    "trainee": (403, 404),
}
STAFF_MANAGE_POST = {
    **STAFF_MANAGE,
    "superuser": 302,
    "city_staff": 302,
    "county_staff": (302, 404),
    "unit_staff": (302, 404),
}
OVERVIEW = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": 200,
    "unit_staff": 200,
    "mentor": 200,
    "trainee": 403,
}
STAFF_ONLY = {**OVERVIEW, "mentor": 403}
CITY_ONLY = {**STAFF_ONLY, "county_staff": 403, "unit_staff": 403}
# Posts are seen by staff only, so a mentor or trainee never finds one: 404.
POST_SCOPED = {**STAFF_MANAGE, "mentor": 404, "trainee": 404}


def post_of(world, which: str) -> Post:
    trainee = world.trainee(which)
    return Post.objects.get_or_create(
        name="测试岗位",
        township=trainee.township,
        village=None,
        defaults={"category": PostCategory.objects.get(name="乡村振兴"), "capacity": 2},
    )[0]


def post_pk(world, which: str) -> dict:
    return {"pk": post_of(world, which).pk}


def rotation_pk(world, which: str) -> dict:
    trainee = world.trainee(which)
    # In the future, so that it can also be cancelled.
    rotation, _ = Rotation.objects.get_or_create(
        trainee=trainee,
        defaults={
            "post": post_of(world, which),
            "starts_on": dt.date(2099, 1, 1),
            "ends_on": dt.date(2099, 3, 31),
        },
    )
    return {"pk": rotation.pk}


def assign_data(world, which: str) -> dict:
    return {
        "post": post_of(world, which).pk,
        "starts_on": "2025-09-01",
        "ends_on": "2025-11-30",
        "reason": "轮岗",
    }


def keytask_pk(world, which: str) -> dict:
    task, _ = KeyTask.objects.get_or_create(
        trainee=world.trainee(which),
        defaults={
            "kind": KeyTask.Kind.GRID,
            "title": "网格化管理",
            "starts_on": dt.date(2025, 9, 1),
        },
    )
    return {"pk": task.pk}


def attachment_pk(world, which: str) -> dict:
    task = KeyTask.objects.get(pk=keytask_pk(world, which)["pk"])
    attachment = KeyTaskAttachment(task=task, original_name="记录.pdf", size=len(PDF))
    attachment.file.save("记录.pdf", ContentFile(PDF), save=True)
    return {"pk": attachment.pk}


def upload_data(world, which: str) -> dict:
    return {"file": SimpleUploadedFile("照片.pdf", PDF, content_type="application/pdf")}


def category_pk(world, which: str) -> dict:
    return {"pk": PostCategory.objects.order_by("pk").first().pk}


def planner_run_pk(world, which: str) -> dict:
    """A solved run for the one trainee, proposing three months in the test post."""
    trainee = world.trainee(which)
    proposal = {"trainee": trainee.pk, "post": post_of(world, which).pk, "start": 0, "end": 3}
    run = PlannerRun.objects.create(
        scope_label=trainee.name,
        trainee_ids=[trainee.pk],
        horizon_start=trainee.reported_on.replace(day=1),
        horizon_months=3,
        status=PlannerRun.Status.FEASIBLE,
        progress=100,
        proposals=[{**proposal, "pinned": False}],
    )
    return {"pk": run.pk}


def proposal_key(world, which: str) -> dict:
    trainee = world.trainee(which)
    return {"key": f"{trainee.pk}:{post_of(world, which).pk}:0"}


def planner_start_data(world, which: str) -> dict:
    return {
        "trainees": [world.trainee(which).pk],
        "horizon_start": "2025-08",
        "horizon_months": "3",
    }


# Staff plan for trainees all in their scope; a run reaching outside it is a 404.
PLANNER_POST = {**STAFF_MANAGE_POST, "mentor": (403, 404), "trainee": (403, 404)}
# Starting: an "other" trainee is not among the choices, so the form comes back (200).
PLANNER_START_POST = {
    **STAFF_ONLY,
    "superuser": 302,
    "city_staff": 302,
    "county_staff": (302, 200),
    "unit_staff": (302, 200),
}

CASES = [
    UrlCase("rotations:coverage_list", expect=OVERVIEW),
    UrlCase("rotations:timeline", expect=OVERVIEW),
    UrlCase("rotations:trainee_rotations", kwargs=trainee_pk, expect=SCOPED_READ),
    UrlCase("rotations:rotation_assign", kwargs=trainee_pk, expect=STAFF_MANAGE),
    UrlCase(
        "rotations:rotation_assign",
        kwargs=trainee_pk,
        method="post",
        data=assign_data,
        expect=STAFF_MANAGE_POST,
    ),
    UrlCase("rotations:rotation_end", kwargs=rotation_pk, expect=STAFF_MANAGE),
    UrlCase("rotations:rotation_move", kwargs=rotation_pk, expect=STAFF_MANAGE),
    UrlCase("rotations:rotation_cancel", kwargs=rotation_pk, expect=STAFF_MANAGE),
    UrlCase(
        "rotations:rotation_cancel", kwargs=rotation_pk, method="post", expect=STAFF_MANAGE_POST
    ),
    UrlCase("rotations:post_list", expect=STAFF_ONLY),
    UrlCase("rotations:post_create", expect=STAFF_ONLY),
    UrlCase("rotations:post_update", kwargs=post_pk, expect=POST_SCOPED),
    UrlCase("rotations:category_list", expect=CITY_ONLY),
    UrlCase("rotations:category_create", expect=CITY_ONLY),
    UrlCase("rotations:category_update", kwargs=category_pk, expect=CITY_ONLY),
    UrlCase("rotations:rules", expect=CITY_ONLY),
    UrlCase("rotations:keytask_create", kwargs=trainee_pk, expect=STAFF_MANAGE),
    UrlCase("rotations:keytask_detail", kwargs=keytask_pk, expect=SCOPED_READ),
    UrlCase("rotations:keytask_update", kwargs=keytask_pk, expect=STAFF_MANAGE),
    UrlCase(
        "rotations:attachment_upload",
        kwargs=keytask_pk,
        method="post",
        data=upload_data,
        expect=STAFF_MANAGE_POST,
    ),
    UrlCase("rotations:attachment_download", kwargs=attachment_pk, expect=SCOPED_READ),
    UrlCase("rotations:planner", expect=STAFF_ONLY),
    UrlCase("rotations:planner", method="post", data=planner_start_data, expect=PLANNER_START_POST),
    UrlCase("rotations:planner_run", kwargs=planner_run_pk, expect=STAFF_MANAGE),
    UrlCase("rotations:planner_progress", kwargs=planner_run_pk, expect=STAFF_MANAGE),
    UrlCase(
        "rotations:planner_pin",
        kwargs=planner_run_pk,
        method="post",
        data=proposal_key,
        expect=PLANNER_POST,
    ),
    UrlCase(
        "rotations:planner_remove",
        kwargs=planner_run_pk,
        method="post",
        data=proposal_key,
        expect=PLANNER_POST,
    ),
    UrlCase("rotations:planner_rerun", kwargs=planner_run_pk, method="post", expect=PLANNER_POST),
    UrlCase("rotations:planner_accept", kwargs=planner_run_pk, expect=STAFF_MANAGE),
    UrlCase("rotations:planner_accept", kwargs=planner_run_pk, method="post", expect=PLANNER_POST),
    UrlCase("rotations:planner_discard", kwargs=planner_run_pk, expect=STAFF_MANAGE),
    UrlCase("rotations:planner_discard", kwargs=planner_run_pk, method="post", expect=PLANNER_POST),
]
