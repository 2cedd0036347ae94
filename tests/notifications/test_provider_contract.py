"""The contract every due-item provider keeps, and its check for the providers of this app.

Any app checks its provider with `check_provider(ProviderCase(...))` (see docs/conventions.md,
"Reminders"): give it three builders — a record that is due, one just outside the lead time and
one whose work is already done — and the people who must be told about the due one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import models

from accounts.models import Role, User
from cadets.models import Trainee, add_months
from cadets.reminders import (
    PROBATION_ENDING,
    TRAINING_ENDING,
    probation_ending,
    training_ending,
)
from notifications.due import DueItem, SweepContext
from notifications.models import Notification, ReminderSettings
from notifications.services import sweep_run
from tests.factories import TraineeFactory, UserFactory

from .conftest import TODAY


@dataclass
class ProviderCase:
    provider: Callable[[SweepContext], object]
    kind: str
    # Each builder gets today's date and returns the subject record it made.
    due: Callable[[dt.date], models.Model]
    just_outside: Callable[[dt.date], models.Model]
    done: Callable[[dt.date], models.Model]
    # The users who must be told about the due record (first level).
    recipients: Callable[[models.Model], set]
    overdue: bool = False  # an overdue item must say since when, and where the chain starts


def check_provider(case: ProviderCase, today: dt.date = TODAY) -> list[DueItem]:
    due, outside, done = case.due(today), case.just_outside(today), case.done(today)
    ctx = SweepContext(today=today, config=ReminderSettings.current())
    items = [item for item in case.provider(ctx) if item.kind == case.kind]
    subjects = [item.subject for item in items]

    assert due in subjects, "the due record yields an item"
    assert outside not in subjects, "a record just outside the lead time yields nothing"
    assert done not in subjects, "a record whose work is done yields nothing"
    assert len(subjects) == len(set(subjects)), "one item per subject and period"

    item = next(item for item in items if item.subject == due)
    assert {user.pk for user in item.recipients} == {user.pk for user in case.recipients(due)}
    assert item.period and len(item.period) <= 32
    assert isinstance(item.due_on, dt.date)
    assert str(item.title) and len(str(item.title)) <= 200
    assert item.url.startswith("/")
    if case.overdue:
        assert item.overdue_since is not None and item.overdue_since <= today
        assert item.unit is not None

    # Through the sweep: each recipient is told once, however often it runs.
    first = sweep_run(today=today)
    again = sweep_run(today=today)
    assert again.created_count == 0
    told = Notification.objects.filter(kind=case.kind, subject_id=due.pk)
    assert {n.recipient_id for n in told} >= {user.pk for user in case.recipients(due)}
    assert first.created_count >= len(case.recipients(due))
    return items


# --- cadets.reminders ------------------------------------------------------------------------


def _trainee_with(world, *, ends_on: dt.date, months: int, **extra) -> Trainee:
    """A trainee in township A whose probation (12) or training (24 months) ends on `ends_on`."""
    return TraineeFactory(
        village=world.village_a, reported_on=add_months(ends_on, -months), **extra
    )


def _trainee_recipients(trainee: Trainee) -> set:
    staff = set(User.objects.filter(role=Role.UNIT_STAFF, org_unit=trainee.township))
    return staff | ({trainee.user} if trainee.user else set())


@pytest.fixture
def trainee_user():
    return lambda: UserFactory(role=Role.TRAINEE)


def test_probation_ending_keeps_the_contract(world, trainee_user):
    lead = PROBATION_ENDING.default_days
    check_provider(
        ProviderCase(
            provider=probation_ending,
            kind=PROBATION_ENDING.key,
            due=lambda today: _trainee_with(
                world, ends_on=today + dt.timedelta(days=lead), months=12, user=trainee_user()
            ),
            just_outside=lambda today: _trainee_with(
                world, ends_on=today + dt.timedelta(days=lead + 1), months=12
            ),
            done=lambda today: _trainee_with(
                world,
                ends_on=today + dt.timedelta(days=10),
                months=12,
                status=Trainee.Status.CANCELLED,
            ),
            recipients=_trainee_recipients,
        )
    )


def test_training_ending_keeps_the_contract(world, trainee_user):
    lead = TRAINING_ENDING.default_days
    check_provider(
        ProviderCase(
            provider=training_ending,
            kind=TRAINING_ENDING.key,
            due=lambda today: _trainee_with(
                world, ends_on=today + dt.timedelta(days=lead), months=24, user=trainee_user()
            ),
            just_outside=lambda today: _trainee_with(
                world, ends_on=today + dt.timedelta(days=lead + 1), months=24
            ),
            done=lambda today: _trainee_with(
                world,
                ends_on=today + dt.timedelta(days=5),
                months=24,
                status=Trainee.Status.COMPLETED,
            ),
            recipients=_trainee_recipients,
        )
    )


def test_a_lead_time_changed_by_city_staff_is_used(world):
    config = ReminderSettings.current()
    config.lead_days = {PROBATION_ENDING.key: 45}
    config.save()
    trainee = _trainee_with(world, ends_on=TODAY + dt.timedelta(days=40), months=12)
    ctx = SweepContext(today=TODAY, config=config)
    assert trainee in [item.subject for item in probation_ending(ctx)]


def test_a_trainee_without_an_account_is_told_through_the_unit_only(world):
    trainee = _trainee_with(world, ends_on=TODAY + dt.timedelta(days=3), months=12)
    ctx = SweepContext(today=TODAY, config=ReminderSettings.current())
    item = next(item for item in probation_ending(ctx) if item.subject == trainee)
    assert [user.pk for user in item.recipients] == [world.users["unit_staff"].pk]
