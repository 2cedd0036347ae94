"""The yearly follow-up record: due to the county holding the trainee, escalated when missing,
not asked of a trainee whose follow-up is closed or whose years are over."""

from __future__ import annotations

import datetime as dt

from careers.models import FollowUp, FollowUpClosure
from careers.reminders import FOLLOW_UP_DUE, follow_up_due
from notifications.due import SweepContext
from notifications.models import Level, ReminderSettings
from tests.factories import TraineeFactory
from tests.notifications.test_provider_contract import ProviderCase, check_provider
from tests.reminder_checks import assert_escalates

# The 2025 record is due on 2026-01-31 (31 days after the year ends, the default).
DUE_ON = dt.date(2026, 1, 31)
BEFORE = dt.date(2026, 1, 10)


def _finished(world, ended_year: int, **extra):
    """A trainee of county A whose two-year training ended in `ended_year`."""
    return TraineeFactory(
        township=world.township_a,
        reported_on=dt.date(ended_year - 2, 8, 1),
        status="completed",
        **extra,
    )


def test_the_record_of_last_year_falls_due_to_the_county(world):
    def recorded(today):
        trainee = _finished(world, 2023)
        FollowUp.objects.create(trainee=trainee, year=2025, unit="甲镇", post="副镇长")
        return trainee

    items = check_provider(
        ProviderCase(
            provider=follow_up_due,
            kind=FOLLOW_UP_DUE.key,
            due=lambda today: _finished(world, 2023),
            # Training ended in 2019: its five years (2020–2024) are over.
            just_outside=lambda today: _finished(world, 2019),
            done=recorded,
            recipients=lambda trainee: {world.users["county_staff"]},
        ),
        today=BEFORE,
    )
    assert all(item.period == "2025" and item.due_on == DUE_ON for item in items)


def test_a_closed_follow_up_is_not_asked_for(world):
    trainee = _finished(world, 2023)
    FollowUpClosure.objects.create(trainee=trainee, closed_on=dt.date(2025, 5, 1), reason="辞职")
    resigned = _finished(world, 2023)
    resigned.status = "resigned"
    resigned.save()
    ctx = SweepContext(today=BEFORE, config=ReminderSettings.current())
    subjects = {item.subject for item in follow_up_due(ctx)}
    assert trainee not in subjects and resigned not in subjects


def test_nothing_is_due_before_the_lead_time(world):
    _finished(world, 2024)  # its first year is 2025, due on 2026-01-31
    ctx = SweepContext(today=dt.date(2025, 11, 1), config=ReminderSettings.current())
    assert list(follow_up_due(ctx)) == []


def test_a_missing_record_escalates_up_the_chain(world):
    trainee = _finished(world, 2023)
    assert_escalates(
        FOLLOW_UP_DUE.key,
        trainee,
        overdue_since=DUE_ON,
        direct=["county"],
        chain=((Level.UNIT, "township"), (Level.CITY, "city")),
        period="2025",
    )
