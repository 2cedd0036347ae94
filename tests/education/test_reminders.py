"""A trainee short of the yearly training hours is reminded before the year ends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.models import Role, User
from cadets.models import Trainee
from education.models import Enrolment
from education.reminders import HOURS_SHORT, hours_short
from notifications.due import SweepContext
from notifications.models import ReminderSettings
from tests.factories import TraineeFactory, UserFactory
from tests.notifications.test_provider_contract import ProviderCase, check_provider

from .builders import course_for

TODAY = dt.date(2026, 11, 27)


def _with_hours(world, hours: str, **extra) -> Trainee:
    trainee = TraineeFactory(township=world.township_a, **extra)
    if hours:
        course = course_for(world, "own", hours=Decimal(hours), title=f"学习{trainee.pk}")
        Enrolment.objects.create(
            course=course,
            trainee=trainee,
            status=Enrolment.Status.COMPLETED,
            hours=Decimal(hours),
            enrolled_by=world.users["superuser"],
        )
    return trainee


def _recipients(trainee) -> set:
    staff = set(User.objects.filter(role=Role.UNIT_STAFF, org_unit=trainee.township))
    return staff | ({trainee.user} if trainee.user else set())


def test_hours_short_keeps_the_contract(world):
    check_provider(
        ProviderCase(
            provider=hours_short,
            kind=HOURS_SHORT.key,
            due=lambda today: _with_hours(world, "8", user=UserFactory(role=Role.TRAINEE)),
            # Only the "just outside" record differs by its state, not its date: done in full.
            just_outside=lambda today: _with_hours(world, "40"),
            done=lambda today: _with_hours(world, "", status=Trainee.Status.COMPLETED),
            recipients=_recipients,
        ),
        today=TODAY,
    )


def test_nobody_is_reminded_before_the_lead_time(world):
    _with_hours(world, "")
    early = dt.date(2026, 12, 31) - dt.timedelta(days=HOURS_SHORT.default_days + 1)
    ctx = SweepContext(today=early, config=ReminderSettings.current())
    assert list(hours_short(ctx)) == []


def test_the_item_says_how_many_hours_are_missing(world):
    trainee = _with_hours(world, "8")
    ctx = SweepContext(today=TODAY, config=ReminderSettings.current())
    item = next(i for i in hours_short(ctx) if i.subject == trainee)
    assert "8.0" in str(item.title) and "40" in str(item.title)
    assert item.period == "2026" and item.due_on == dt.date(2026, 12, 31)


def test_the_dashboard_counts_trainees_short_of_hours_in_scope(world):
    from office.dashboard import due_and_overdue

    trainee = _with_hours(world, "8")
    near_the_end = dt.date(2026, 12, 20)  # the dashboard shows what is due within 14 days
    due = due_and_overdue(world.users["unit_staff"], near_the_end)
    assert trainee in [item.subject for item in due["due"]]
    other_county = due_and_overdue(world.users["county_staff"].__class__(
        role=Role.COUNTY_STAFF, org_unit=world.county_b), near_the_end)  # fmt: skip
    assert trainee not in [item.subject for item in other_county["due"]]
