"""Reminders of the assessments app (assessments/reminders.py): rating and self-report (述职)
due before the cycle's rating deadline, and overdue after it, escalated up the chain."""

from __future__ import annotations

import datetime as dt
from itertools import count

from django.utils import timezone

from accounts.models import Role
from assessments.models import AssessmentCycle, RaterAssignment, RaterKind
from assessments.reminders import (
    RATING_DUE,
    RATING_OVERDUE_KIND,
    SELF_REPORT_DUE,
    SELF_REPORT_OVERDUE_KIND,
    rating_due,
    rating_overdue,
    self_report_due,
    self_report_overdue,
)
from assessments.services import cycle_create
from notifications.due import SweepContext
from notifications.models import Level, ReminderSettings
from tests.factories import TraineeFactory, UserFactory
from tests.notifications.conftest import TODAY
from tests.notifications.test_provider_contract import ProviderCase, check_provider
from tests.reminder_checks import assert_escalates

from .builders import annual_cycle

_names = count(1)


def _cycle(world, *, deadline: dt.date, status=AssessmentCycle.Status.OPEN) -> AssessmentCycle:
    """A special cycle under county A for a trainee of its own (with an account): raters the
    trainee (self), the township's staff and the county's staff."""
    trainee = TraineeFactory(village=world.village_a, user=UserFactory(role=Role.TRAINEE))
    cycle = cycle_create(
        actor=None,
        name=f"专项考核{next(_names)}",
        kind=AssessmentCycle.Kind.SPECIAL,
        jurisdiction=world.county_a,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        rating_deadline=deadline,
        trainees=[trainee],
    )
    if status != AssessmentCycle.Status.OPEN:
        AssessmentCycle.objects.filter(pk=cycle.pk).update(
            status=status, notice_starts_on=deadline, notice_ends_on=deadline
        )
    return cycle


def _assignment(cycle, kind) -> RaterAssignment:
    return RaterAssignment.objects.select_related("rater").get(assessment__cycle=cycle, kind=kind)


def _unit_rating(world, deadline, **extra) -> RaterAssignment:
    return _assignment(_cycle(world, deadline=deadline, **extra), RaterKind.UNIT)


def _self_report(world, deadline, **extra) -> RaterAssignment:
    return _assignment(_cycle(world, deadline=deadline, **extra), RaterKind.SELF)


def _submitted(assignment: RaterAssignment) -> RaterAssignment:
    RaterAssignment.objects.filter(pk=assignment.pk).update(submitted_at=timezone.now())
    return assignment


def _day(days: int, today: dt.date = TODAY) -> dt.date:
    return today + dt.timedelta(days=days)


def _rater(assignment) -> set:
    return {assignment.rater}


def test_rating_due_keeps_the_contract(world):
    lead = RATING_DUE.default_days
    items = check_provider(
        ProviderCase(
            provider=rating_due,
            kind=RATING_DUE.key,
            due=lambda today: _unit_rating(world, _day(lead, today)),
            just_outside=lambda today: _unit_rating(world, _day(lead + 1, today)),
            done=lambda today: _submitted(_unit_rating(world, _day(3, today))),
            recipients=_rater,
        )
    )
    assert {item.subject.kind for item in items} == {RaterKind.UNIT, RaterKind.ORG}


def test_rating_overdue_keeps_the_contract(world):
    check_provider(
        ProviderCase(
            provider=rating_overdue,
            kind=RATING_OVERDUE_KIND,
            due=lambda today: _unit_rating(world, _day(-1, today)),
            just_outside=lambda today: _unit_rating(world, today),  # due today: not yet late
            done=lambda today: _submitted(_unit_rating(world, _day(-5, today))),
            recipients=_rater,
            overdue=True,
        )
    )


def test_a_cycle_in_public_notice_or_a_confirmed_grade_needs_no_more_rating(world):
    notice = _unit_rating(world, _day(-2), status=AssessmentCycle.Status.NOTICE)
    confirmed = _unit_rating(world, _day(-2))
    confirmed.assessment.__class__.objects.filter(pk=confirmed.assessment_id).update(
        grade="competent", score=80, confirmed_at=timezone.now()
    )
    ctx = SweepContext(today=TODAY, config=ReminderSettings.current())
    subjects = [item.subject for item in rating_overdue(ctx)]
    assert notice not in subjects and confirmed not in subjects


def test_self_report_due_keeps_the_contract(world):
    lead = SELF_REPORT_DUE.default_days
    items = check_provider(
        ProviderCase(
            provider=self_report_due,
            kind=SELF_REPORT_DUE.key,
            due=lambda today: _self_report(world, _day(lead, today)),
            just_outside=lambda today: _self_report(world, _day(lead + 1, today)),
            done=lambda today: _submitted(_self_report(world, _day(2, today))),
            recipients=lambda assignment: {assignment.assessment.trainee.user},
        )
    )
    assert {item.subject.kind for item in items} == {RaterKind.SELF}


def test_self_report_overdue_keeps_the_contract(world):
    check_provider(
        ProviderCase(
            provider=self_report_overdue,
            kind=SELF_REPORT_OVERDUE_KIND,
            due=lambda today: _self_report(world, _day(-3, today)),
            just_outside=lambda today: _self_report(world, today),
            done=lambda today: _submitted(_self_report(world, _day(-3, today))),
            recipients=lambda assignment: {assignment.assessment.trainee.user},
            overdue=True,
        )
    )


def test_an_overdue_mentor_rating_climbs_mentor_unit_county_city(world):
    """The world's mentor rates the own trainee; the deadline passes without it."""
    deadline = dt.date(2026, 12, 15)
    cycle = annual_cycle(world, [world.own], deadline=deadline)
    mentor_rating = _assignment(cycle, RaterKind.MENTOR)
    # The receiving unit and the county filed theirs: they are told as the chain, not as raters.
    for kind in (RaterKind.UNIT, RaterKind.ORG):
        _submitted(_assignment(cycle, kind))
    assert_escalates(
        RATING_OVERDUE_KIND,
        mentor_rating,
        overdue_since=dt.date(2026, 12, 16),
        direct=["mentor"],
        first_day=_day(-3, deadline),
    )


def test_an_overdue_self_report_climbs_the_chain_from_the_trainee(world):
    cycle = _cycle(world, deadline=dt.date(2026, 12, 15))
    own_report = _assignment(cycle, RaterKind.SELF)
    assert_escalates(
        SELF_REPORT_OVERDUE_KIND,
        own_report,
        overdue_since=dt.date(2026, 12, 16),
        direct=[own_report.rater.username],
    )


def test_an_overdue_rating_of_the_county_is_escalated_to_the_city_only(world):
    """The county's own rating is late: the county is not told again as a level of the chain."""
    cycle = _cycle(world, deadline=dt.date(2026, 12, 15))
    county_rating = _assignment(cycle, RaterKind.ORG)
    assert_escalates(
        RATING_OVERDUE_KIND,
        county_rating,
        overdue_since=dt.date(2026, 12, 16),
        direct=["county"],
        chain=((Level.UNIT, "township"), (Level.CITY, "city")),
    )


def test_the_calendar_shows_the_raters_own_assignments(world):
    assignment = _unit_rating(world, _day(40))
    ctx = SweepContext(
        today=TODAY,
        config=ReminderSettings.current(),
        recipient=world.users["unit_staff"],
        calendar=True,
    )
    assert assignment in [item.subject for item in rating_due(ctx)]
    ctx.recipient = world.users["county_staff"]
    assert assignment not in [item.subject for item in rating_due(ctx)]


def test_the_providers_query_a_constant_number_of_times(world, django_assert_num_queries):
    for days in (1, 2, 3):
        _cycle(world, deadline=_day(days))
        _cycle(world, deadline=_day(-days))
    ctx = SweepContext(today=TODAY, config=ReminderSettings.current())
    for provider in (rating_due, rating_overdue, self_report_due, self_report_overdue):
        with django_assert_num_queries(1):
            assert len(list(provider(ctx))) >= 3
