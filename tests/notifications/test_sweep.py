"""The sweep writes each notification once, however often it runs and whatever the dates."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from cadets.models import Trainee
from cadets.reminders import PROBATION_ENDING, TRAINING_ENDING
from notifications.due import DueRows, SweepContext, providers
from notifications.models import (
    Delivery,
    Notification,
    NotificationPreference,
    ReminderSettings,
    SweepRun,
)
from notifications.services import sweep_run
from tests.factories import TraineeFactory, UserFactory

from .conftest import TODAY


def _due_trainee(world, days: int = 10, **extra) -> Trainee:
    reported = dt.date(TODAY.year - 1, TODAY.month, TODAY.day) + dt.timedelta(days=days)
    return TraineeFactory(village=world.village_a, reported_on=reported, **extra)


def test_two_sweeps_in_a_row_create_each_notification_once(mail_world):
    trainee = _due_trainee(mail_world, user=UserFactory(role="trainee", email="t@example.invalid"))
    first = sweep_run(today=TODAY)
    with CaptureQueriesContext(connection) as captured:
        second = sweep_run(today=TODAY)
    # What was notified already is read, not written again (issue 9: a province's daily sweep).
    assert not [q for q in captured if q["sql"].startswith('INSERT INTO "notifications_notif')]

    assert first.created_count == 2  # the township's staff and the trainee
    assert second.created_count == 0
    assert Notification.objects.filter(subject_id=trainee.pk).count() == 2
    assert Delivery.objects.count() == 2
    assert SweepRun.objects.filter(finished_at__isnull=False).count() == 2


def test_a_sweep_records_what_it_did(mail_world):
    _due_trainee(mail_world)
    run = sweep_run(today=TODAY)
    run.refresh_from_db()
    assert run.finished_at is not None and run.today == TODAY
    assert run.created_count == 1 and run.queued_count == 1


def test_a_recipient_without_email_or_with_email_off_gets_the_notification_only(mail_world):
    staff = mail_world.users["unit_staff"]
    NotificationPreference.objects.create(user=staff, email_enabled=False)
    _due_trainee(mail_world, user=UserFactory(role="trainee", email=""))
    sweep_run(today=TODAY)
    assert Notification.objects.count() == 2
    assert Delivery.objects.count() == 0


def test_digest_users_get_one_digest_after_the_hour_and_no_single_mail(mail_world):
    staff = mail_world.users["unit_staff"]
    NotificationPreference.objects.create(user=staff, daily_digest=True)
    _due_trainee(mail_world, days=5)
    _due_trainee(mail_world, days=6)
    morning = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)  # 14:00 in Shanghai
    sweep_run(today=TODAY, now=morning - dt.timedelta(hours=8))  # 06:00 local: too early
    assert not Delivery.objects.exists()
    assert Notification.objects.filter(recipient=staff, in_digest=True).count() == 2

    sweep_run(today=TODAY, now=morning)
    sweep_run(today=TODAY, now=morning + dt.timedelta(hours=1))
    digest = Delivery.objects.get()
    assert digest.channel == Delivery.Channel.DIGEST and digest.recipient == staff
    assert digest.digested.count() == 2


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    reported=st.lists(
        st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31)),
        min_size=1,
        max_size=6,
    ),
    today=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2029, 12, 31)),
    step=st.integers(min_value=0, max_value=40),
)
def test_random_dates_never_produce_a_duplicate(mail_world, reported, today, step):
    with transaction.atomic():
        for day in reported:
            TraineeFactory(
                village=mail_world.village_a, reported_on=day, user=UserFactory(role="trainee")
            )
        first = sweep_run(today=today)
        assert sweep_run(today=today).created_count == 0
        later = sweep_run(today=today + dt.timedelta(days=step))

        duplicates = (
            Notification.objects.values("recipient", "kind", "subject_type", "subject_id", "period")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert not duplicates.exists()
        # The oracle: who should have been told on the first day, computed independently.
        # Every trainee counts, the world's own two included (found by hypothesis: their
        # probation ends on 2026-08-01, inside the lead time of some generated days).
        expected = 0
        for trainee in Trainee.objects.select_related("user"):
            told = User.objects.filter(role="unit_staff", org_unit=trainee.township_id).count()
            told += 1 if trainee.user_id else 0
            for lead, ends_on in (
                (PROBATION_ENDING, trainee.probation_ends_on),
                (TRAINING_ENDING, trainee.training_ends_on),
            ):
                if today <= ends_on <= today + dt.timedelta(days=lead.default_days):
                    expected += told
        assert first.created_count == expected
        assert later.created_count <= 4 * Trainee.objects.count()
        transaction.set_rollback(True)


# A query that reads the id column alone.
ID_ONLY = re.compile(r'^SELECT (DISTINCT )?"\w+"\."id"( AS "\w+")? FROM')


def test_each_providers_ids_are_read_first_and_rows_only_where_due(mail_world):
    """The sweep reads each provider's ids (DueRows.pending_ids, the id column only), then the
    rows of those ids for the providers that have any: here the probation's only — the monthly
    records, told of by the first sweep, are settled, and nothing else is due."""
    trainee = _due_trainee(mail_world)  # probation ends in ten days
    sweep_run(today=TODAY)
    with CaptureQueriesContext(connection) as captured:
        sweep_run(today=TODAY)
    sqls = [q["sql"] or "" for q in captured]
    ctx = SweepContext(today=TODAY, config=ReminderSettings.current())
    queried = [
        part
        for provide in providers().values()
        for part in provide.parts(ctx)
        if isinstance(part, DueRows) and not part.rows.query.is_empty()
    ]
    tables = {part.rows.model._meta.db_table for part in queried}
    of_providers = [sql for sql in sqls if any(f'FROM "{t}"' in sql for t in tables)]
    ids_only = [sql for sql in of_providers if re.match(ID_ONLY, sql)]
    assert len(queried) >= 2 and len(ids_only) == len(queried)
    reads = [sql for sql in sqls if sql not in ids_only and any(t in sql for t in tables)]
    assert len(reads) == 1 and "probation_ends_on" in reads[0]
    assert Notification.objects.filter(subject_id=trainee.pk).count() == 1
