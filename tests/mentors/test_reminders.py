"""Reminders of the mentors app (mentors/reminders.py): the monthly mentoring record due from the
1st of the month and overdue after the configured due day, escalated up the chain."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from mentors.models import MentoringConfig, Mentorship, MonthlyFeedback
from mentors.reminders import DUE_KIND, OVERDUE_KIND, feedback_due, feedback_overdue
from notifications.due import SweepContext
from notifications.models import Notification, ReminderSettings
from notifications.services import sweep_run
from tests.factories import MentorFactory, MentorshipFactory, TraineeFactory, UserFactory
from tests.notifications.test_provider_contract import ProviderCase, check_provider
from tests.reminder_checks import assert_escalates, told

from .builders import submitted_feedback

NOVEMBER = dt.date(2026, 11, 1)
EARLY = dt.date(2026, 11, 10)  # before the default due day (25)
LATE = dt.date(2026, 11, 27)  # after it


def _pairing(world, *, starts_on=dt.date(2025, 8, 1), **extra) -> Mentorship:
    mentor = MentorFactory(unit=world.township_a)
    trainee = TraineeFactory(village=world.village_a)
    return MentorshipFactory(trainee=trainee, mentor=mentor, starts_on=starts_on, **extra)


def _done(world, month=NOVEMBER) -> Mentorship:
    pairing = _pairing(world)
    submitted_feedback(pairing, month=month)
    return pairing


def _mentor(pairing) -> set:
    return {pairing.mentor.user}


def _ctx(today, **extra) -> SweepContext:
    return SweepContext(today=today, config=ReminderSettings.current(), **extra)


def test_feedback_due_keeps_the_contract(world):
    items = check_provider(
        ProviderCase(
            provider=feedback_due,
            kind=DUE_KIND,
            due=lambda today: _pairing(world),
            # Starts tomorrow: not running this month yet, so nothing is due for it.
            just_outside=lambda today: _pairing(world, starts_on=today + dt.timedelta(days=1)),
            done=lambda today: _done(world),
            recipients=_mentor,
        ),
        today=EARLY,
    )
    item = items[0]
    assert item.period == "2026-11" and item.due_on == dt.date(2026, 11, 25)
    assert item.overdue_since is None


def test_feedback_is_due_from_the_first_until_the_configured_day(world):
    pairing = _pairing(world)
    config = MentoringConfig.current()
    config.feedback_due_day = 20
    config.save()
    due = [item.subject for item in feedback_due(_ctx(dt.date(2026, 11, 1)))]
    assert pairing in due
    assert pairing in [item.subject for item in feedback_due(_ctx(dt.date(2026, 11, 20)))]
    assert pairing not in [item.subject for item in feedback_due(_ctx(dt.date(2026, 11, 21)))]
    overdue = list(feedback_overdue(_ctx(dt.date(2026, 11, 21))))
    assert pairing in [item.subject for item in overdue]
    assert next(i for i in overdue if i.subject == pairing).overdue_since == dt.date(2026, 11, 21)


def test_a_draft_is_still_due(world):
    pairing = _pairing(world)
    submitted_feedback(pairing, month=NOVEMBER, status=MonthlyFeedback.Status.DRAFT)
    assert pairing in [item.subject for item in feedback_due(_ctx(EARLY))]


def test_an_ended_pairing_or_a_trainee_out_of_training_owes_nothing(world):
    ended = _pairing(world, ends_on=dt.date(2026, 10, 31))
    left = _pairing(world)
    left.trainee.status = "resigned"
    left.trainee.save()
    subjects = [item.subject for item in feedback_due(_ctx(EARLY))]
    assert ended not in subjects and left not in subjects


def test_feedback_overdue_keeps_the_contract(world):
    items = check_provider(
        ProviderCase(
            provider=feedback_overdue,
            kind=OVERDUE_KIND,
            due=lambda today: _pairing(world),
            # Paired after this month's due day: this month is not overdue for it.
            just_outside=lambda today: _pairing(world, starts_on=dt.date(2026, 11, 26)),
            done=lambda today: _done(world),
            recipients=_mentor,
            overdue=True,
        ),
        today=LATE,
    )
    item = next(item for item in items if item.period == "2026-11")
    assert item.overdue_since == dt.date(2026, 11, 26)
    assert item.unit == world.township_a


def test_overdue_feedback_climbs_mentor_unit_county_city(world):
    pairing = Mentorship.objects.get(trainee=world.own, mentor=world.mentor)
    # The months before were filed; November is not.
    for month in (dt.date(2026, 9, 1), dt.date(2026, 10, 1)):
        submitted_feedback(pairing, month=month)
    assert_escalates(
        OVERDUE_KIND,
        pairing,
        period="2026-11",
        overdue_since=dt.date(2026, 11, 26),
        direct=["mentor"],
    )


def test_february_is_escalated_to_the_city_after_it_is_locked(world):
    """February's record is locked on 10 March, 12 days after it fell overdue: the reminder
    stays until the city (14 days) has been told."""
    pairing = Mentorship.objects.get(trainee=world.own, mentor=world.mentor)
    submitted_feedback(pairing, month=dt.date(2027, 1, 1))
    assert_escalates(
        OVERDUE_KIND,
        pairing,
        period="2027-02",
        overdue_since=dt.date(2027, 2, 26),
        direct=["mentor"],
    )


def test_a_filed_record_stops_the_escalation(world):
    pairing = _pairing(world)
    sweep_run(today=dt.date(2026, 11, 29))  # mentor and receiving unit told
    submitted_feedback(pairing, month=NOVEMBER)
    sweep_run(today=dt.date(2026, 12, 10))
    assert [level for level, _name in told(OVERDUE_KIND, pairing, "2026-11")] == [0, 1]


def test_a_month_long_locked_and_escalated_is_left_alone(world):
    pairing = _pairing(world)
    subjects = [
        (item.subject, item.period) for item in feedback_overdue(_ctx(dt.date(2026, 12, 27)))
    ]
    assert (pairing, "2026-12") in subjects
    assert (pairing, "2026-11") not in subjects  # locked on 10 December, city told on 10th


def test_the_calendar_shows_a_mentors_due_days_a_year_ahead(world):
    pairing = Mentorship.objects.get(trainee=world.own, mentor=world.mentor)
    ctx = _ctx(EARLY, recipient=world.users["mentor"], calendar=True)
    items = [item for item in feedback_due(ctx) if item.subject == pairing]
    assert len(items) == 13 and items[0].due_on == dt.date(2026, 11, 25)
    other = UserFactory(role=Role.MENTOR)
    assert list(feedback_due(_ctx(EARLY, recipient=other, calendar=True))) == []


def test_the_providers_query_a_constant_number_of_times(world, django_assert_num_queries):
    for _ in range(4):
        _pairing(world)
    MentoringConfig.current()
    early, late = _ctx(EARLY), _ctx(LATE)
    with django_assert_num_queries(2):  # the rules, the pairings
        assert len(list(feedback_due(early))) == 5
    with django_assert_num_queries(2):  # the rules, the pairings of November
        assert len(list(feedback_overdue(late))) == 5


def test_the_sweep_reads_each_open_pairing_in_its_one_query(world):
    """The pairings are read with only the columns their items need (PAIRING_COLUMNS): turning
    them into notifications — the mentor's language, the township's chain — asks nothing
    more, however many there are."""
    ReminderSettings.current(), MentoringConfig.current()  # the rows exist from here on
    ContentType.objects.get_for_model(Mentorship)  # and the content type is cached
    sweep_run(today=LATE)  # the world's own items and other apps' told: settled from here on
    before = _overdue_told()
    _pairing(world)
    with CaptureQueriesContext(connection) as few:
        sweep_run(today=LATE)
    first = _overdue_told() - before
    for _ in range(4):
        _pairing(world)
    with CaptureQueriesContext(connection) as more:
        sweep_run(today=LATE)
    assert (first, _overdue_told() - before - first) == (1, 4)
    assert len(more) == len(few)


def _overdue_told() -> int:
    return Notification.objects.filter(kind=OVERDUE_KIND).count()


def _unsettled(provide, today) -> list[Mentorship]:
    """The pairings a sweep on `today` would read (DueRows.pending_ids), every month together."""
    ids = [row["pk"] for part in provide.parts(_ctx(today)) for row in part.pending_ids()]
    return list(Mentorship.objects.filter(pk__in=ids))


def _listed(provide, today) -> list[Mentorship]:
    """The pairings the dashboard lists as due (DueRows.rows), told or not."""
    return [row for part in provide.parts(_ctx(today)) for row in part.rows]


def test_a_sweep_leaves_out_the_pairings_an_earlier_sweep_told_of(world):
    pairing = _pairing(world)
    assert pairing in _unsettled(feedback_due, EARLY)
    sweep_run(today=EARLY)
    assert pairing not in _unsettled(feedback_due, EARLY)
    assert pairing in _listed(feedback_due, EARLY)  # still due on the dashboard
    sweep_run(today=LATE)  # overdue from the 26th: a new reminder, read once
    assert pairing not in _unsettled(feedback_overdue, LATE)
    assert pairing in _listed(feedback_overdue, LATE)


def test_an_overdue_pairing_is_read_again_when_it_reaches_the_next_level(world):
    pairing = _pairing(world)
    sweep_run(today=dt.date(2026, 11, 26))  # the mentor
    assert pairing not in _unsettled(feedback_overdue, dt.date(2026, 11, 28))
    assert pairing in _unsettled(feedback_overdue, dt.date(2026, 11, 29))  # 3 days: the unit
    sweep_run(today=dt.date(2026, 11, 29))
    assert [level for level, _name in told(OVERDUE_KIND, pairing, "2026-11")] == [0, 1]
    assert pairing not in _unsettled(feedback_overdue, dt.date(2026, 12, 2))
    assert pairing in _unsettled(feedback_overdue, dt.date(2026, 12, 3))  # 7 days: the county


def test_a_pairing_whose_notification_is_gone_is_told_again(world):
    from notifications.models import Notification

    pairing = _pairing(world)
    sweep_run(today=EARLY)
    Notification.objects.filter(kind=DUE_KIND, subject_id=pairing.pk).delete()
    assert sweep_run(today=EARLY).created_count == 1
    assert told(DUE_KIND, pairing, "2026-11") == [(0, pairing.mentor.user.username)]
