"""Exports: the filtered list as .xlsx, masked unless revealed through re-authentication."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from cadets.models import Trainee
from office import services
from office.models import ImportJob
from tests.factories import TraineeFactory
from tests.leak_detector import ID_LIKE, PHONE_LIKE, xlsx_text

from .builders import upload

FIELDS = [
    "name", "sex", "ethnicity", "birth_date", "native_place", "id_number", "phone",
    "political_status", "party_joined_on", "education", "degree", "school", "major", "stream",
    "cohort_id", "reported_on", "county_id", "township_id", "village_id", "current_post",
    "status", "probation_ends_on", "training_ends_on",
]  # fmt: skip


def _revealer(world):
    city = world.users["city_staff"]
    city.user_permissions.add(Permission.objects.get(codename="reveal_sensitive"))
    return city


def _records():
    return sorted(Trainee.objects.values_list(*FIELDS))


def _sheet(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def more(world):
    TraineeFactory(
        name="党员学员",
        township=world.township_a,
        political_status="party_member",
        party_joined_on="2021-06-01",
        native_place="=1+1",
        current_post="-科员",
    )
    TraineeFactory(name="村官学员", village=world.village_a, status=Trainee.Status.COMPLETED)


def test_exporting_with_reveal_then_reimporting_gives_the_same_records(world, login, more):
    city = _revealer(world)
    client = login(city)
    response = client.post(
        reverse("office:export_full", args=["trainees"]),
        {"password": "pw-for-tests", "reason": "向省委组织部报送花名册"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.field == "id_number,phone" and event.reason.startswith("向省委组织部报送花名册")
    before = _records()
    assert len(before) == 4

    Trainee.objects.all().delete()  # the world's mentorship goes with its trainee
    job = services.import_job_create(
        actor=city, kind="trainees", upload=upload(response.content, "导出.xlsx")
    )
    job = services.import_check(job_id=job.pk)
    assert job.status == ImportJob.Status.READY, job.errors
    assert services.import_start(actor=city, job=job)
    assert services.import_commit(job_id=job.pk).status == ImportJob.Status.DONE
    assert _records() == before


def test_without_reveal_no_full_id_or_phone_number_is_in_the_file(world, login, more):
    client = login(world.users["city_staff"])
    response = client.get(reverse("office:export", args=["trainees"]))
    text = xlsx_text(response.content)
    assert not ID_LIKE.findall(text) and not PHONE_LIKE.findall(text)
    rows = _sheet(response.content)
    assert rows[0][0] == "姓名" and len(rows) == 5
    assert world.own.masked_id_number in [cell for row in rows for cell in row]
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).field == ""


def test_cells_that_look_like_formulas_are_escaped(world, login, more):
    client = login(world.users["city_staff"])
    response = client.get(reverse("office:export", args=["trainees"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    assert "'=1+1" in values and "'-科员" in values


def test_the_export_keeps_the_filters_and_the_scope(world, login, more):
    county = login(world.users["county_staff"])
    rows = _sheet(county.get(reverse("office:export", args=["trainees"])).content)
    assert "他人" not in [row[0] for row in rows]
    filtered = county.get(reverse("office:export", args=["trainees"]) + "?status=completed")
    assert [row[0] for row in _sheet(filtered.content)[1:]] == ["村官学员"]


def test_a_wrong_password_exports_nothing(world, login):
    client = login(_revealer(world))
    response = client.post(
        reverse("office:export_full", args=["trainees"]),
        {"password": "wrong", "reason": "报送花名册"},
    )
    assert response["Content-Type"].startswith("text/html")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL_REFUSED).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


@pytest.mark.parametrize("kind", ["rotations", "feedback", "talent"])
def test_every_list_exports(kind, world, login):
    response = login(world.users["city_staff"]).get(reverse("office:export", args=[kind]))
    assert response.status_code == 200
    assert _sheet(response.content)[0][0]


def test_assessment_results_export_one_cycle(world, login):
    from tests.assessments.builders import assessment_world

    cycle = assessment_world(world)["cycle_own"]
    client = login(world.users["county_staff"])
    response = client.get(reverse("office:export", args=["assessments"]) + f"?cycle={cycle.pk}")
    rows = _sheet(response.content)
    assert [row[1] for row in rows[1:]] == [world.own.name]
    other = assessment_world(world)["cycle_other"]
    assert (
        client.get(
            reverse("office:export", args=["assessments"]) + f"?cycle={other.pk}"
        ).status_code
        == 404
    )
