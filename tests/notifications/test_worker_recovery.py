"""Against a real Redis and real Celery workers: a worker killed mid-delivery and a broker
restarted with tasks queued lose nothing and send nothing twice, because the database is the
source of truth and the next sweep queues again what is still pending."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Role
from notifications.models import Delivery
from notifications.services import sweep_run
from tests.factories import TraineeFactory, UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db(transaction=True)


def _make_due(world, n: int) -> None:
    """`n` trainees in township A whose probation ends within the lead time, each with an
    account with an e-mail address: 2n e-mails, to each trainee and to the township's staff
    member once per trainee."""
    reported = dt.date(TODAY.year - 1, TODAY.month, TODAY.day) + dt.timedelta(days=10)
    for i in range(n):
        user = UserFactory(role=Role.TRAINEE, email=f"trainee{i}@example.invalid")
        TraineeFactory(village=world.village_a, reported_on=reported, user=user)


def _sweep_requeueing_everything(monkeypatch) -> None:
    """The next sweep, run when the requeue delay has passed (made zero here)."""
    monkeypatch.setattr(settings, "NOTIFICATION_REQUEUE_AFTER", dt.timedelta(0))
    sweep_run(today=TODAY, now=timezone.now() + dt.timedelta(seconds=1))


def _all_sent() -> bool:
    return not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()


def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_nothing_twice(
    mail_world, redis_server, workers, wait_for, monkeypatch
):
    _make_due(mail_world, 3)
    sweep_run(today=TODAY)  # queues 6 deliveries on commit: 3 trainees, 3 × the township
    expected = set(map(str, Delivery.objects.values_list("pk", flat=True)))
    assert len(expected) == 6

    slow = workers.start(redis_server.url, mail_delay=30)
    wait_for(lambda: any(line.startswith("start ") for line in workers.lines()),
             timeout=60, what="the first e-mail to start")  # fmt: skip
    workers.kill(slow)  # SIGKILL while the message is being sent
    assert workers.sent() == []
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 0

    # The claim of the killed worker runs out (2 s in the workers' settings); the next sweep
    # queues again every pending delivery, and a new worker sends them.
    wait_for(
        lambda: not Delivery.objects.filter(claimed_until__gt=timezone.now()).exists(),
        timeout=30,
        what="the claim of the killed worker to expire",
    )
    _sweep_requeueing_everything(monkeypatch)
    workers.start(redis_server.url)
    wait_for(_all_sent, timeout=90, what=f"every delivery to be sent\n{workers.logs()}")

    sent = Counter(workers.sent())
    assert set(sent) == expected
    assert max(sent.values()) == 1, f"sent twice: {sent}"


def test_a_redis_restart_with_tasks_queued_loses_nothing_due(
    mail_world, redis_server, workers, wait_for, monkeypatch
):
    _make_due(mail_world, 2)
    sweep_run(today=TODAY)  # 4 deliveries queued in Redis, no worker yet
    assert Delivery.objects.count() == 4

    redis_server.restart()  # without persistence: every queued task is gone

    # While Redis is down, the sweep still writes what is due; only the queueing fails.
    redis_server.stop()
    _make_due(mail_world, 1)
    down = sweep_run(today=TODAY)
    assert down.created_count == 2 and Delivery.objects.count() == 6
    redis_server.start()

    _sweep_requeueing_everything(monkeypatch)
    workers.start(redis_server.url)
    wait_for(_all_sent, timeout=90, what=f"every delivery to be sent\n{workers.logs()}")
    sent = Counter(workers.sent())
    assert len(sent) == 6 and max(sent.values()) == 1
