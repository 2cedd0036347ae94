"""An unsubmitted monthly sheet falls due on day N of the next month and then escalates."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from attendance import services
from attendance.reminders import SHEET_DUE, sheet_due
from notifications.due import SweepContext
from notifications.models import Level, Notification, ReminderSettings
from tests.reminder_checks import assert_escalates

from .builders import MONTH, sheet_of

DUE_ON = dt.date(2026, 11, 5)  # day 5 (the default) of the month after October


def _items(today):
    ctx = SweepContext(today=today, config=ReminderSettings.current())
    return [i for i in sheet_due(ctx) if i.period == f"{MONTH:%Y-%m}"]


def test_the_township_staff_are_reminded_before_the_due_day(world):
    assert _items(DUE_ON - dt.timedelta(days=SHEET_DUE.default_days + 1)) == []
    items = _items(DUE_ON - dt.timedelta(days=SHEET_DUE.default_days))
    item = next(i for i in items if i.subject == world.township_a)
    assert [u.username for u in item.recipients] == ["township"]
    assert item.due_on == DUE_ON and item.overdue_since is None
    # A township without trainees in training has nothing due.
    assert {i.subject for i in items} == {world.township_a, world.township_b}


def test_a_draft_is_still_due_and_a_submitted_sheet_is_not(world):
    sheet_of(world)
    assert world.township_a in {i.subject for i in _items(DUE_ON)}
    sheet_of(world, submitted=True)
    assert world.township_a not in {i.subject for i in _items(DUE_ON)}


def test_an_unsubmitted_sheet_escalates_up_the_chain(world):
    assert_escalates(
        SHEET_DUE.key,
        world.township_a,
        overdue_since=DUE_ON + dt.timedelta(days=1),
        direct=["township"],
        # The township's staff were told first; the county and the city follow.
        chain=((Level.COUNTY, "county"), (Level.CITY, "city")),
        period=f"{MONTH:%Y-%m}",
    )


def test_submitting_stops_the_reminders(world):
    from notifications.services import sweep_run

    sweep_run(today=DUE_ON + dt.timedelta(days=4))
    told_before = _count(world)
    sheet = sheet_of(world)
    services.sheet_submit(actor=world.users["unit_staff"], sheet=sheet)
    sweep_run(today=DUE_ON + dt.timedelta(days=20))
    assert _count(world) == told_before


def _count(world) -> int:
    return Notification.objects.filter(
        kind=SHEET_DUE.key,
        subject_type=ContentType.objects.get_for_model(world.township_a),
        subject_id=world.township_a.pk,
    ).count()


def test_the_due_day_is_a_rule_in_the_database(world):
    from attendance.models import AttendanceRules

    rules = AttendanceRules.current()
    rules.due_day = 10
    rules.save()
    item = next(i for i in _items(dt.date(2026, 11, 6)) if i.subject == world.township_a)
    assert item.due_on == dt.date(2026, 11, 10) and item.overdue_since is None


def test_the_dashboard_lists_the_unsubmitted_sheet_in_scope(world):
    from office.dashboard import due_and_overdue

    due = due_and_overdue(world.users["county_staff"], DUE_ON + dt.timedelta(days=2))
    assert world.township_a in [item.subject for item in due["overdue"]]
    assert world.township_b not in [item.subject for item in due["overdue"]]
