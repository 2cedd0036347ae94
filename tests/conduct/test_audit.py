"""Every read of a tolerance case or a disciplinary record is written to the audit log — the
detail pages, the lists, the growth file and the cycle page alike — and nobody outside the
organisation department reads them."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEvent
from conduct.audit import FIELD_DISCIPLINE, FIELD_TOLERANCE

from .builders import discipline_for, tolerance_case_for


def _reads(field: str, record) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.REVEAL, field=field, subject_id=str(record.pk)
        ).values_list("actor_label", flat=True)
    )


def test_reading_a_tolerance_case_is_audited(world, client):
    case = tolerance_case_for(world, "own")
    client.force_login(world.users["county_staff"])
    response = client.get(reverse("conduct:tolerance_detail", args=[case.pk]))
    assert response.status_code == 200
    assert _reads(FIELD_TOLERANCE, case) == ["county"]
    event = AuditEvent.objects.get(field=FIELD_TOLERANCE)
    assert event.path == reverse("conduct:tolerance_detail", args=[case.pk])
    assert event.subject_type == "conduct.tolerancecase"


def test_reading_a_disciplinary_record_is_audited(world, client):
    record = discipline_for(world, "own")
    client.force_login(world.users["city_staff"])
    assert client.get(reverse("conduct:discipline_detail", args=[record.pk])).status_code == 200
    assert _reads(FIELD_DISCIPLINE, record) == ["city"]


def test_the_lists_audit_every_record_they_show(world, client):
    own, other = tolerance_case_for(world, "own"), tolerance_case_for(world, "other")
    record = discipline_for(world, "own")
    client.force_login(world.users["city_staff"])
    client.get(reverse("conduct:tolerance_list"))
    client.get(reverse("conduct:discipline_list"))
    assert _reads(FIELD_TOLERANCE, own) == ["city"]
    assert _reads(FIELD_TOLERANCE, other) == ["city"]
    assert _reads(FIELD_DISCIPLINE, record) == ["city"]


def test_a_refused_read_writes_nothing_and_reveals_nothing(world, client):
    case = tolerance_case_for(world, "own")
    record = discipline_for(world, "own")
    for role in ("unit_staff", "mentor", "trainee"):
        client.force_login(world.users[role])
        assert client.get(reverse("conduct:tolerance_detail", args=[case.pk])).status_code == 404
        assert client.get(reverse("conduct:discipline_detail", args=[record.pk])).status_code == 404
    assert not AuditEvent.objects.filter(field__in=[FIELD_TOLERANCE, FIELD_DISCIPLINE]).exists()


def test_the_growth_file_prints_them_for_the_org_department_and_audits_each(world, client):
    case = tolerance_case_for(world, "own")
    record = discipline_for(world, "own")
    client.force_login(world.users["county_staff"])
    html = client.get(reverse("office:growth_file", args=[world.own.pk])).content.decode()
    assert case.what_happened in html and record.document_number in html
    assert _reads(FIELD_TOLERANCE, case) == ["county"]
    assert _reads(FIELD_DISCIPLINE, record) == ["county"]


def test_the_township_prints_the_growth_file_without_them(world, client):
    case = tolerance_case_for(world, "own")
    record = discipline_for(world, "own")
    client.force_login(world.users["unit_staff"])
    html = client.get(reverse("office:growth_file", args=[world.own.pk])).content.decode()
    assert 'data-testid="growth-conduct"' in html
    assert case.what_happened not in html and record.document_number not in html
    assert not AuditEvent.objects.filter(field__in=[FIELD_TOLERANCE, FIELD_DISCIPLINE]).exists()
