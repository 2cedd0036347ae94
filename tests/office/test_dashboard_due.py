"""The dashboard's due and overdue (office:dashboard_due): the reminder providers' own queries,
kept to the viewer's scope and counted by the database. It shows the same items, due or
overdue, as every provider's DueItems filtered in Python by the township where their chain
starts — how it was computed before (`_reference`) — and a finished item disappears."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import OrgUnit, Role
from accounts.scoping import units_q
from cadets.models import LeaveRequest, TrainingPlan, add_months
from notifications import due
from notifications.due import DueItem
from notifications.models import ReminderSettings
from notifications.services import due_items
from office.dashboard import LIST_LIMIT
from office.due_list import DUE_HORIZON_DAYS, HorizonContext
from tests.cadets.builders import make_leave
from tests.factories import TraineeFactory, UserFactory
from tests.rotations.factories import PostFactory, RotationFactory

PLAN = {
    "goals": "熟悉乡镇工作",
    "duties": "党政办岗位职责",
    "tasks": "每月工作纪实",
    "outcomes": "独立牵头一项工作",
    "standards": "德能勤绩廉",
}


@pytest.fixture(autouse=True)
def no_yearly_research_report(monkeypatch):
    """The field research report falls due for every trainee at once for a month a year
    (support.reminders): more items than a list shows, whatever this test builds."""
    kept = {k: v for k, v in due.providers().items() if not k.endswith("research_report_due")}
    monkeypatch.setattr(due, "_providers", kept)


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _trainee(township, **extra):
    return TraineeFactory(township=township, user=UserFactory(role=Role.TRAINEE), **extra)


def _plan(township, submitted_days_ago: int, status=TrainingPlan.Status.SUBMITTED):
    submitted = timezone.make_aware(
        dt.datetime.combine(_day(-submitted_days_ago), dt.time(10, 0))  # noqa: DTZ001
    )
    approved = submitted if status == TrainingPlan.Status.APPROVED else None
    return TrainingPlan.objects.create(
        trainee=_trainee(township),
        version=1,
        status=status,
        submitted_at=submitted,
        approved_at=approved,
        **PLAN,
    )


def _items_of_every_kind(township) -> dict:
    """Due, overdue and not shown (too far ahead, or done) items of several providers."""
    made = {}
    # Probation ends in 5 days (due) and in 40 (beyond the 14 days shown).
    made["probation"] = _trainee(township, reported_on=add_months(_day(5), -12))
    _trainee(township, reported_on=add_months(_day(40), -12))
    # A rotation starts in 3 days.
    trainee = _trainee(township)
    made["rotation"] = RotationFactory(
        trainee=trainee,
        post=PostFactory(township=township),
        starts_on=_day(3),
        ends_on=_day(90),
    )
    # Leave waiting for approval from in 5 days (due) and in 30 (not shown).
    made["leave"] = make_leave(_trainee(township), starts_on=_day(5), ends_on=_day(7))
    make_leave(_trainee(township), starts_on=_day(30), ends_on=_day(31))
    # Leave ended 10 days ago without a return report (overdue).
    made["report"] = make_leave(
        _trainee(township),
        starts_on=_day(-12),
        ends_on=_day(-10),
        step=1,
        status=LeaveRequest.Status.APPROVED,
    )
    # Plans submitted 2 days ago (due) and 10 days ago (overdue: 7 days allowed), and one
    # approved (done).
    made["plan_due"] = _plan(township, 2)
    made["plan_overdue"] = _plan(township, 10)
    _plan(township, 10, status=TrainingPlan.Status.APPROVED)
    return made


def _reference(user) -> tuple[list[DueItem], list[DueItem]]:
    """Every provider's DueItems over the whole programme, kept when their unit is in the
    user's subtree; due within the next 14 days, or overdue."""
    today = timezone.localdate()
    units = set(OrgUnit.objects.filter(units_q(user)).values_list("pk", flat=True))
    horizon = today + dt.timedelta(days=DUE_HORIZON_DAYS)
    due_list, overdue = [], []
    for item in due_items(HorizonContext(today=today, config=ReminderSettings.current())):
        if not (user.is_superuser or (item.unit is not None and item.unit.pk in units)):
            continue
        if item.overdue_since is not None:
            overdue.append(item)
        elif today <= item.due_on <= horizon:
            due_list.append(item)
    return due_list, overdue


def _keys(items) -> list[tuple]:
    return sorted(
        (item.kind, type(item.subject).__name__, item.subject.pk, item.period) for item in items
    )


def _fragment(client) -> dict:
    response = client.get(reverse("office:dashboard_due"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.context["due"]


@pytest.mark.parametrize("role", ["superuser", "city_staff", "county_staff", "unit_staff"])
def test_it_shows_what_the_providers_say_within_the_users_scope(world, login, role):
    made_a = _items_of_every_kind(world.township_a)
    made_b = _items_of_every_kind(world.township_b)
    user = world.users[role]
    shown = _fragment(login(user))
    due_list, overdue = _reference(user)

    assert _keys(shown["due"]) == _keys(due_list)
    assert _keys(shown["overdue"]) == _keys(overdue)
    assert (shown["due_count"], shown["overdue_count"]) == (len(due_list), len(overdue))
    # In the order they were shown in: by date, then title.
    assert [i.subject for i in shown["due"]] == [
        i.subject for i in sorted(due_list, key=lambda i: (i.due_on, str(i.title)))
    ]
    # Not vacuous: each kind made above is on the right list, and only in scope.
    subjects_due = {i.subject for i in shown["due"]}
    subjects_overdue = {i.subject for i in shown["overdue"]}
    for made, in_scope in ((made_a, True), (made_b, role in ("superuser", "city_staff"))):
        for key in ("probation", "rotation", "leave", "plan_due"):
            assert (made[key] in subjects_due) is in_scope, key
        for key in ("report", "plan_overdue"):
            assert (made[key] in subjects_overdue) is in_scope, key
    assert not subjects_due & subjects_overdue


def test_a_finished_item_disappears(world, login):
    made = _items_of_every_kind(world.township_a)
    client = login(world.users["unit_staff"])
    before = _fragment(client)
    assert made["plan_overdue"] in {i.subject for i in before["overdue"]}

    TrainingPlan.objects.filter(pk=made["plan_overdue"].pk).update(
        status=TrainingPlan.Status.APPROVED, approved_at=timezone.now()
    )
    LeaveRequest.objects.filter(pk=made["report"].pk).update(
        status=LeaveRequest.Status.RETURNED, returned_on=_day(-9)
    )
    after = _fragment(client)
    assert after["overdue_count"] == before["overdue_count"] - 2
    assert not {made["plan_overdue"], made["report"]} & {i.subject for i in after["overdue"]}


def test_the_lists_are_cut_but_the_counts_are_not(world, login):
    for days in range(LIST_LIMIT * 2 + 5):
        _trainee(world.township_a, reported_on=add_months(_day(days % 14), -12))
    user = world.users["unit_staff"]
    shown = _fragment(login(user))
    due_list, _overdue = _reference(user)

    assert shown["due_count"] == len(due_list) > LIST_LIMIT * 2
    assert len(shown["due"]) == LIST_LIMIT * 2
    # The earliest are shown: nothing left out is due before the last one shown.
    left_out = set(_keys(due_list)) - set(_keys(shown["due"]))
    last_shown = max(item.due_on for item in shown["due"])
    assert all(item.due_on >= last_shown for item in due_list if _keys([item])[0] in left_out)


def test_items_yielded_one_by_one_are_kept_by_their_unit(world, login, monkeypatch):
    """A provider may yield DueItems instead of DueRows: they are filtered in Python."""

    def loose(ctx):
        for trainee in (world.own, world.other):
            yield DueItem(
                kind="tests.loose",
                subject=trainee,
                period="1",
                due_on=ctx.today,
                title=trainee.name,
                url="/",
                overdue_since=ctx.today,
                unit=trainee.township,
            )

    monkeypatch.setattr(due, "_providers", {"loose": due.Provider(loose)})
    unit = _fragment(login(world.users["unit_staff"]))
    city = _fragment(login(world.users["city_staff"]))
    assert [i.subject for i in unit["overdue"]] == [world.own]
    assert {i.subject for i in city["overdue"]} == {world.own, world.other}
    assert (unit["overdue_count"], city["overdue_count"]) == (1, 2)
