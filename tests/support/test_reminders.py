"""Reminders of care and support: a difficulty coming due, then overdue and climbing the chain
until it is resolved; the yearly field research report."""

from __future__ import annotations

import datetime as dt

from cadets.models import Trainee, WorkReport
from notifications.due import SweepContext
from notifications.models import Level, Notification, ReminderSettings
from notifications.services import sweep_run
from support.models import Difficulty
from support.reminders import (
    DIFFICULTY_DUE,
    RESEARCH_DUE,
    difficulty_due,
    research_report_due,
)
from tests.notifications.conftest import TODAY
from tests.notifications.test_provider_contract import ProviderCase, check_provider
from tests.reminder_checks import assert_escalates, told

from .builders import difficulty_for


def _ctx(today: dt.date = TODAY) -> SweepContext:
    return SweepContext(today=today, config=ReminderSettings.current())


def test_a_difficulty_due_soon_reminds_its_owner(world):
    owner = world.users["county_staff"]
    check_provider(
        ProviderCase(
            provider=difficulty_due,
            kind=DIFFICULTY_DUE.key,
            due=lambda today: difficulty_for(world, "own", owner=owner, due_on=today),
            just_outside=lambda today: difficulty_for(
                world, "own", owner=owner, due_on=today + dt.timedelta(days=4)
            ),
            done=lambda today: difficulty_for(
                world,
                "own",
                owner=owner,
                due_on=today,
                status=Difficulty.Status.RESOLVED,
                resolved_on=today,
                resolution="已解决",
            ),
            recipients=lambda difficulty: {owner},
        )
    )


def test_an_overdue_difficulty_climbs_township_county_city_until_resolved(world):
    """Without an owner the township's staff are told first; once overdue the county, then
    the city — the township is not told twice."""
    due_on = dt.date(2026, 12, 1)
    difficulty = difficulty_for(world, "own", due_on=due_on)
    assert_escalates(
        DIFFICULTY_DUE.key,
        difficulty,
        overdue_since=due_on + dt.timedelta(days=1),
        direct=["township"],
        chain=((Level.COUNTY, "county"), (Level.CITY, "city")),
        period=due_on.isoformat(),
    )


def test_a_resolved_difficulty_is_no_longer_reminded(world):
    difficulty = difficulty_for(world, "own", due_on=TODAY - dt.timedelta(days=5))
    assert difficulty in [item.subject for item in difficulty_due(_ctx())]
    Difficulty.objects.filter(pk=difficulty.pk).update(
        status=Difficulty.Status.RESOLVED, resolved_on=TODAY, resolution="已解决"
    )
    assert difficulty not in [item.subject for item in difficulty_due(_ctx())]
    assert told(DIFFICULTY_DUE.key, difficulty) == []


def test_the_field_research_report_falls_due_once_a_year_until_filed(world):
    Trainee.objects.filter(pk=world.own.pk).update(reported_on=dt.date(2025, 9, 1))
    due = dt.date(2026, 12, 15)  # the default of the support rules
    before = [i.subject for i in research_report_due(_ctx(due - dt.timedelta(days=15)))]
    assert world.own not in before, "not yet within the lead time"
    items = {i.subject: i for i in research_report_due(_ctx(due - dt.timedelta(days=10)))}
    item = items[world.own]
    assert item.period == "2026" and item.due_on == due and item.overdue_since is None
    assert [u.username for u in item.recipients] == ["trainee"]
    late = {i.subject: i for i in research_report_due(_ctx(due + dt.timedelta(days=3)))}
    assert late[world.own].overdue_since == due + dt.timedelta(days=1)
    WorkReport.objects.create(
        trainee=world.own,
        kind=WorkReport.Kind.RESEARCH,
        period=dt.date(2026, 1, 1),
        title="村级集体经济调研",
        content="调研内容",
        author=world.users["trainee"],
    )
    assert world.own not in [i.subject for i in research_report_due(_ctx(due))]
    assert RESEARCH_DUE.default_days == 14


def test_a_sweep_leaves_out_the_trainees_already_told_of_the_research_report(world):
    Trainee.objects.filter(pk=world.own.pk).update(reported_on=dt.date(2025, 9, 1))
    day = dt.date(2026, 12, 10)

    def unsettled():
        return [
            row["pk"] for part in research_report_due.parts(_ctx(day)) for row in part.pending_ids()
        ]

    assert world.own.pk in unsettled()
    sweep_run(today=day)
    assert told(RESEARCH_DUE.key, world.own, "2026") == [(Level.DIRECT, "trainee")]
    assert world.own.pk not in unsettled()


def test_staff_told_of_an_overdue_research_report_get_a_link_they_may_open(world, client):
    """The report form is the trainee's own (403 for staff): escalations link the trainee."""
    Trainee.objects.filter(pk=world.own.pk).update(reported_on=dt.date(2025, 9, 1))
    sweep_run(today=dt.date(2026, 12, 26))  # eleven days late: township and county told
    escalated = Notification.objects.filter(kind=RESEARCH_DUE.key).exclude(
        escalation_level=Level.DIRECT
    )
    assert escalated.exists()
    for notification in escalated:
        client.force_login(notification.recipient)
        assert client.get(notification.url).status_code == 200, notification.url
