"""The audit log: each listed action writes exactly one record, and the log is append-only at
the database level."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_prune, audit_record
from tests.factories import UserFactory

Action = AuditEvent.Action


@pytest.fixture
def user(db):
    return UserFactory(username="li", role="city_staff")


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_a_sign_in_writes_one_record(client, user):
    client.post(reverse("accounts:login"), {"username": "li", "password": "pw-for-tests"})
    assert actions() == [Action.LOGIN]


def test_a_failed_sign_in_writes_one_record_without_the_password(client, user):
    client.post(reverse("accounts:login"), {"username": "li", "password": "guess-123"})
    event = AuditEvent.objects.get()
    assert event.action == Action.LOGIN_FAILED and event.actor_label == "li"
    assert "guess-123" not in str(AuditEvent.objects.values().get())


def test_a_lockout_writes_one_record(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "li", "password": "x"})
    assert actions().count(Action.LOCKOUT) == 1


def test_an_out_of_scope_record_writes_an_access_denial(world, login):
    client = login(world.users["unit_staff"])
    client.get(reverse("cadets:trainee_detail", args=[world.other.pk]))
    event = AuditEvent.objects.get(action=Action.ACCESS_DENIED)
    assert event.actor_label == "township" and event.reason == "404"


def test_a_role_change_writes_one_record(user, world):
    user.role = "county_staff"
    user.org_unit = world.county_a
    user.save()
    assert actions() == [Action.ROLE_CHANGED]
    user.save(update_fields=["last_login"])  # sign-in touches the user without a role change
    assert actions() == [Action.ROLE_CHANGED]


def test_records_cannot_be_changed_or_deleted_in_the_database(user):
    event = audit_record(action=Action.EXPORT, actor=user)
    for statement in (
        f"UPDATE audit_auditevent SET reason = 'x' WHERE id = {event.pk}",
        f"DELETE FROM audit_auditevent WHERE id = {event.pk}",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()


def test_pruning_removes_only_events_past_retention(user):
    old = audit_record(action=Action.EXPORT, actor=user)
    recent = audit_record(action=Action.EXPORT, actor=user)
    # Age one event by inserting a copy with an old timestamp (UPDATE is refused).
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (occurred_at, action, actor_label, subject_type,"
            " subject_id, subject_label, field, reason, path)"
            " VALUES (%s, 'export', 'li', '', '', '', '', '', '')",
            [timezone.now() - dt.timedelta(days=200)],
        )
    assert audit_prune() == 1
    assert set(AuditEvent.objects.values_list("pk", flat=True)) == {old.pk, recent.pk}


def test_only_city_staff_search_the_log(world, login):
    audit_record(action=Action.EXPORT, actor=world.users["county_staff"])
    response = login(world.users["city_staff"]).get(
        reverse("audit:event_list"), {"person": "county"}
    )
    assert [e.action for e in response.context["page"]] == [Action.EXPORT]


def test_approving_a_plan_writes_one_record(world):
    from cadets.models import TrainingPlan
    from cadets.plan_services import plan_approve, plan_draft, plan_submit

    parts = {part: "内容" for part in TrainingPlan.PARTS}
    plan = plan_draft(actor=world.users["unit_staff"], trainee=world.own, parts=parts)
    plan = plan_submit(actor=world.users["unit_staff"], plan=plan)
    plan_approve(actor=world.users["county_staff"], plan=plan)
    event = AuditEvent.objects.get(action=Action.PLAN_APPROVED)
    assert (event.actor_label, event.subject_id) == ("county", str(plan.pk))
