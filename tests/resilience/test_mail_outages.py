"""Deliveries through outages of the database and of the mail server, on the real test
database: the "sent" write lands after PostgreSQL comes back, transient failures are retried
for the retry period, permanent ones are not, and every attempt carries the same Message-ID."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from config.celery import app as celery_app
from notifications.models import Delivery
from notifications.services import Outcome, delivery_send, requeue_lost, sweep_run
from tests.factories import TraineeFactory
from tests.notifications.conftest import TODAY

from .outages import end_outage_after, own_pid, refuse_connections, terminate_sessions


@pytest.fixture
def delivery(mail_world) -> Delivery:
    reported = dt.date(TODAY.year - 1, TODAY.month, TODAY.day) + dt.timedelta(days=10)
    TraineeFactory(village=mail_world.village_a, reported_on=reported)
    sweep_run(today=TODAY)
    return Delivery.objects.get()


class DatabaseRestartsWhileSending(EmailBackend):
    """The mail goes out, then PostgreSQL drops the worker's connection and refuses new ones
    for a second and a half — the window in which the "sent" write used to be lost."""

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        pid = own_pid()
        refuse_connections(True)
        terminate_sessions(pids={pid})
        end_outage_after(1.5)
        return sent


class BrokenBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


class NoSuchMailbox(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.invalid": (550, b"no such user")})


@pytest.mark.django_db(transaction=True)
def test_the_sent_write_lands_after_a_database_restart_and_nothing_is_sent_twice(
    delivery, monkeypatch, caplog
):
    monkeypatch.setattr(settings, "EMAIL_BACKEND", f"{__name__}.DatabaseRestartsWhileSending")
    monkeypatch.setattr(settings, "NOTIFICATION_SENT_WRITE_MAX_WAIT", 0.5)
    caplog.set_level(logging.WARNING, logger="notifications.services")
    try:
        assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.SENT
    finally:
        refuse_connections(False)
    assert any("writing 'sent' failed" in r.getMessage() for r in caplog.records)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.claimed_until is None
    # The sweep finds nothing to send again, however late it runs.
    later = timezone.now() + dt.timedelta(days=1)
    assert requeue_lost(now=later) == []
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.SKIPPED
    assert len(mail.outbox) == 1


def test_every_attempt_carries_the_same_message_id(delivery, monkeypatch):
    monkeypatch.setattr(settings, "EMAIL_BACKEND", f"{__name__}.BrokenBackend")
    delivery_send(delivery_id=delivery.pk)
    monkeypatch.setattr(settings, "EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    Delivery.objects.filter(pk=delivery.pk).update(claimed_until=None)
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.SENT
    message = mail.outbox[0].message()
    assert message["Message-ID"] == f"<delivery-{delivery.pk}@localhost>"


def test_a_mail_outage_is_retried_by_the_sweep_with_backoff_for_the_retry_period(
    delivery, monkeypatch, mail_world, login
):
    monkeypatch.setattr(settings, "EMAIL_BACKEND", f"{__name__}.BrokenBackend")
    # Thirty minutes of outage: every attempt fails, the delivery stays pending with its
    # next try further away each time, and the sweep queues it when its task is lost.
    outcomes = [delivery_send(delivery_id=delivery.pk).outcome for _ in range(5)]
    assert outcomes == [Outcome.RETRY] * 5
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and delivery.failing_since is not None
    assert delivery.queued_at > timezone.now() + dt.timedelta(seconds=200)  # 5th backoff: 480 s
    due = delivery.queued_at + settings.NOTIFICATION_REQUEUE_AFTER + dt.timedelta(seconds=1)
    assert requeue_lost(now=due) == [delivery.pk]
    # The mail server comes back within the period: the mail goes out once.
    monkeypatch.setattr(settings, "EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.SENT
    assert len(mail.outbox) == 1


def test_after_the_retry_period_a_delivery_is_given_up_and_shown_to_staff(
    delivery, monkeypatch, mail_world, login
):
    monkeypatch.setattr(settings, "EMAIL_BACKEND", f"{__name__}.BrokenBackend")
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.RETRY
    Delivery.objects.filter(pk=delivery.pk).update(
        failing_since=timezone.now() - settings.NOTIFICATION_RETRY_PERIOD
    )
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.FAILED
    assert requeue_lost(now=timezone.now() + dt.timedelta(days=2)) == []
    page = login(mail_world.users["city_staff"]).get("/notifications/operations/")
    assert f"/notifications/operations/deliveries/{delivery.pk}/retry/" in page.content.decode()


def test_a_permanent_failure_is_not_retried(delivery, monkeypatch):
    monkeypatch.setattr(settings, "EMAIL_BACKEND", f"{__name__}.NoSuchMailbox")
    assert delivery_send(delivery_id=delivery.pk).outcome is Outcome.FAILED
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.permanent_failure
    assert delivery.attempts == 1


def test_the_default_settings_recover_a_lost_delivery_within_minutes():
    schedule = settings.CELERY_BEAT_SCHEDULE["notifications-requeue-lost"]["schedule"]
    worst = settings.NOTIFICATION_CLAIM_LEASE + settings.NOTIFICATION_REQUEUE_AFTER + schedule
    assert worst <= dt.timedelta(minutes=6)


def test_deliveries_and_sweeps_travel_on_separate_queues():
    router = celery_app.amqp.router
    assert router.route({}, "notifications.tasks.deliver")["queue"].name == "deliveries"
    assert router.route({}, "notifications.tasks.sweep")["queue"].name == "celery"
