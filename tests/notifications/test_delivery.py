"""Delivery: at most once per claim, bounded retries with backoff, failures staff can retry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Delivery, Notification, SweepRun
from notifications.services import Outcome, delivery_send, retry_countdown, sweep_run
from notifications.tasks import deliver
from tests.factories import TraineeFactory

from .conftest import TODAY


@pytest.fixture
def delivery(mail_world) -> Delivery:
    reported = dt.date(TODAY.year - 1, TODAY.month, TODAY.day) + dt.timedelta(days=10)
    TraineeFactory(village=mail_world.village_a, reported_on=reported)
    sweep_run(today=TODAY)
    return Delivery.objects.get()


class BrokenBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_a_delivery_is_sent_once_even_when_its_task_comes_twice(delivery):
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.SENT
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.SKIPPED
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1
    message = mail.outbox[0]
    assert message.to == ["unit_staff@example.invalid"]
    assert message.extra_headers["X-Delivery-Id"] == str(delivery.pk)
    assert delivery.notification.url in message.body


def test_a_delivery_claimed_by_a_live_task_is_left_alone(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(
        claimed_until=timezone.now() + dt.timedelta(minutes=5)
    )
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.SKIPPED
    assert not mail.outbox


def test_an_expired_claim_is_taken_over(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(
        claimed_until=timezone.now() - dt.timedelta(seconds=1), attempts=1
    )
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.SENT
    assert len(mail.outbox) == 1


def test_failures_retry_with_backoff_then_give_up_where_staff_see_it(delivery, monkeypatch):
    monkeypatch.setattr(settings, "EMAIL_BACKEND", f"{__name__}.BrokenBackend")
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.RETRY
    Delivery.objects.filter(pk=delivery.pk).update(
        failing_since=timezone.now() - settings.NOTIFICATION_RETRY_PERIOD
    )
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.FAILED
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "smtp down" in delivery.last_error
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.SKIPPED


def test_the_task_asks_celery_to_retry_with_a_countdown(delivery, monkeypatch):
    monkeypatch.setattr(settings, "EMAIL_BACKEND", f"{__name__}.BrokenBackend")
    calls = []

    def fake_retry(**kwargs):
        calls.append(kwargs)
        return RuntimeError("retry")

    monkeypatch.setattr(deliver, "retry", fake_retry)
    with pytest.raises(RuntimeError):
        deliver.run(delivery.pk)
    assert calls == [{"countdown": settings.NOTIFICATION_RETRY_BACKOFF_BASE}]


def test_the_task_is_late_acknowledged_and_rejected_on_worker_loss():
    assert deliver.acks_late and deliver.reject_on_worker_lost


def test_backoff_grows_and_stays_below_the_visibility_timeout():
    waits = [retry_countdown(n) for n in range(1, 12)]
    assert waits == sorted(waits) and waits[1] == 2 * waits[0]
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    assert max(waits) < visibility / 2


def test_staff_retry_a_failed_delivery(
    delivery, mail_world, login, django_capture_on_commit_callbacks
):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, attempts=6, last_error="x"
    )
    client = login(mail_world.users["city_staff"])
    assert "failed-deliveries" in client.get("/notifications/operations/").content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/notifications/operations/deliveries/{delivery.pk}/retry/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 0
    assert len(callbacks) == 1


def test_the_sweep_queues_again_a_pending_delivery_whose_task_was_lost(delivery):
    old = timezone.now() - settings.NOTIFICATION_REQUEUE_AFTER - dt.timedelta(seconds=1)
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=old)
    run = sweep_run(today=TODAY)
    assert run.requeued_count == 1 and run.created_count == 0
    # A fresh one is not queued twice.
    assert sweep_run(today=TODAY).requeued_count == 0


def test_sweep_tasks_carry_ids_only(delivery, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(deliver, "delay", lambda *args, **kwargs: sent.append((args, kwargs)))
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_run(today=TODAY)
    assert sent and all(kwargs == {} and len(args) == 1 and isinstance(args[0], int)
                        for args, kwargs in sent)  # fmt: skip


def test_the_run_sweep_command_runs_the_sweep(mail_world, capsys):
    call_command("run_sweep", "--today", TODAY.isoformat())
    assert "sweep" in capsys.readouterr().out
    assert SweepRun.objects.count() == 1
