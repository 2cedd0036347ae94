"""Reminders of the cadets app (cadets/reminders.py) beyond probation and the training period
(tests/notifications/test_provider_contract.py): plans awaiting approval, plan milestones,
leave awaiting approval and the return report (销假) overdue."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import OrgUnit, Role, User
from cadets.models import LeaveRequest, PlanMilestone, Trainee, TrainingPlan
from cadets.reminders import (
    LEAVE_APPROVAL_KIND,
    MILESTONE_DUE,
    PLAN_APPROVAL,
    RETURN_REPORT,
    leave_awaiting_approval,
    milestone_due,
    plan_awaiting_approval,
    return_report_overdue,
)
from notifications.due import SweepContext
from notifications.models import Level, Notification, ReminderSettings
from notifications.services import sweep_run
from tests.factories import OrgUnitFactory, TraineeFactory, UserFactory
from tests.notifications.conftest import TODAY
from tests.notifications.test_provider_contract import ProviderCase, check_provider
from tests.reminder_checks import assert_escalates, told

from .builders import make_leave

PARTS = {
    "goals": "熟悉乡镇工作",
    "duties": "党政办岗位职责",
    "tasks": "每月工作纪实",
    "outcomes": "独立牵头一项工作",
    "standards": "德能勤绩廉",
}


def _day(days: int, today: dt.date = TODAY) -> dt.date:
    return today + dt.timedelta(days=days)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))  # noqa: DTZ001


def _trainee(world, *, account: bool = True, **extra) -> Trainee:
    user = UserFactory(role=Role.TRAINEE) if account else None
    return TraineeFactory(village=world.village_a, user=user, **extra)


def _plan(trainee: Trainee, status: str, *, version: int = 1, submitted_on=None, **extra):
    values = {**PARTS, **extra}
    if status in TrainingPlan.IN_FORCE:
        values.setdefault("approved_at", _at(_day(-30)))
    return TrainingPlan.objects.create(
        trainee=trainee,
        version=version,
        status=status,
        submitted_at=_at(submitted_on) if submitted_on else None,
        **values,
    )


def _ctx(today: dt.date = TODAY, **extra) -> SweepContext:
    return SweepContext(today=today, config=ReminderSettings.current(), **extra)


def _users(role: str, unit) -> set:
    return set(User.objects.filter(role=role, org_unit=unit))


# --- Plans awaiting approval -----------------------------------------------------------------


def _submitted(world, submitted_on: dt.date, **extra) -> TrainingPlan:
    return _plan(_trainee(world, **extra), TrainingPlan.Status.SUBMITTED, submitted_on=submitted_on)


def test_plan_awaiting_approval_keeps_the_contract(world):
    def approved(today):
        trainee = _trainee(world)
        return _plan(trainee, TrainingPlan.Status.APPROVED, submitted_on=_day(-3, today))

    def out_of_training(today):
        return _submitted(world, _day(-2, today), status=Trainee.Status.RESIGNED)

    items = check_provider(
        ProviderCase(
            provider=plan_awaiting_approval,
            kind=PLAN_APPROVAL.key,
            due=lambda today: _submitted(world, _day(-1, today)),
            # Nothing is ahead of a submission; the record "outside" is a trainee who left.
            just_outside=out_of_training,
            done=approved,
            recipients=lambda plan: _users(Role.COUNTY_STAFF, plan.trainee.county),
        )
    )
    item = items[0]
    assert item.period == _day(-1).isoformat() and item.overdue_since is None
    assert item.due_on == _day(PLAN_APPROVAL.default_days - 1)


def test_a_plan_is_overdue_after_the_configured_days(world):
    days = PLAN_APPROVAL.default_days
    plan = _submitted(world, _day(-days))
    item = next(i for i in plan_awaiting_approval(_ctx()) if i.subject == plan)
    assert item.overdue_since == TODAY and item.unit == world.township_a
    fresher = _submitted(world, _day(-days + 1))
    item = next(i for i in plan_awaiting_approval(_ctx()) if i.subject == fresher)
    assert item.overdue_since is None


def test_an_overdue_plan_climbs_to_the_unit_and_the_city(world):
    """The county is told on submission; after the thresholds the receiving unit, then the
    city — the county is not told a second time."""
    submitted_on = dt.date(2026, 12, 1)
    plan = _submitted(world, submitted_on)
    assert_escalates(
        PLAN_APPROVAL.key,
        plan,
        overdue_since=_day(PLAN_APPROVAL.default_days, submitted_on),
        direct=["county"],
        chain=((Level.UNIT, "township"), (Level.CITY, "city")),
        first_day=submitted_on,
    )


def test_a_resubmitted_plan_is_a_new_reminder(world):
    plan = _submitted(world, _day(-1))
    sweep_run(today=TODAY)
    TrainingPlan.objects.filter(pk=plan.pk).update(submitted_at=_at(TODAY))
    sweep_run(today=TODAY)
    assert sorted(told(PLAN_APPROVAL.key, plan)) == [(Level.DIRECT, "county")] * 2


# --- Milestones ------------------------------------------------------------------------------


def _milestone(world, due_on: dt.date, **extra) -> PlanMilestone:
    trainee = _trainee(world)
    plan = _plan(trainee, TrainingPlan.Status.APPROVED)
    return PlanMilestone.objects.create(plan=plan, title="完成一篇调研报告", due_on=due_on, **extra)


def test_milestone_due_keeps_the_contract(world):
    lead = MILESTONE_DUE.default_days
    check_provider(
        ProviderCase(
            provider=milestone_due,
            kind=MILESTONE_DUE.key,
            due=lambda today: _milestone(world, _day(lead, today)),
            just_outside=lambda today: _milestone(world, _day(lead + 1, today)),
            done=lambda today: _milestone(world, _day(2, today), done_on=today),
            recipients=lambda m: _users(Role.UNIT_STAFF, world.township_a) | {m.plan.trainee.user},
        )
    )


def test_only_the_milestones_of_the_plan_in_force_are_due(world):
    old = _milestone(world, _day(3))
    trainee = old.plan.trainee
    newer = _plan(trainee, TrainingPlan.Status.ACKNOWLEDGED, version=2)
    current = PlanMilestone.objects.create(plan=newer, title=old.title, due_on=old.due_on)
    draft = _plan(trainee, TrainingPlan.Status.DRAFT, version=3)
    in_draft = PlanMilestone.objects.create(plan=draft, title=old.title, due_on=old.due_on)
    subjects = [item.subject for item in milestone_due(_ctx())]
    assert current in subjects
    assert old not in subjects and in_draft not in subjects


# --- Leave awaiting approval -----------------------------------------------------------------


def _pending(world, chain, *, step: int = 0, starts_in: int = 10, **extra) -> LeaveRequest:
    trainee = _trainee(world, **extra)
    start = _day(starts_in)
    return make_leave(trainee, starts_on=start, ends_on=_day(4, start), chain=chain, step=step)


def test_leave_awaiting_approval_keeps_the_contract(world):
    check_provider(
        ProviderCase(
            provider=leave_awaiting_approval,
            kind=LEAVE_APPROVAL_KIND,
            due=lambda today: _pending(world, [Role.UNIT_STAFF, Role.COUNTY_STAFF]),
            just_outside=lambda today: _pending(
                world, [Role.UNIT_STAFF], status=Trainee.Status.CANCELLED
            ),
            done=lambda today: _decided(world),
            recipients=lambda leave: _users(Role.UNIT_STAFF, world.township_a),
        )
    )


def _decided(world) -> LeaveRequest:
    leave = _pending(world, [Role.UNIT_STAFF])
    LeaveRequest.objects.filter(pk=leave.pk).update(step=1, status=LeaveRequest.Status.APPROVED)
    return leave


def test_each_step_of_the_chain_tells_its_own_approvers(world):
    leave = _pending(world, [Role.UNIT_STAFF, Role.COUNTY_STAFF, Role.CITY_STAFF])
    province_staff = UserFactory(
        username="province",
        role=Role.CITY_STAFF,
        org_unit=OrgUnitFactory(name="省", kind=OrgUnit.Kind.PROVINCE),
    )
    world.city.parent = province_staff.org_unit
    world.city.save()
    UserFactory(username="county-b", role=Role.COUNTY_STAFF, org_unit=world.county_b)
    for step in range(3):
        LeaveRequest.objects.filter(pk=leave.pk).update(step=step)
        sweep_run(today=TODAY)
    assert sorted((period, name) for (_level, name), period in _leave_told(leave)) == [
        ("step0", "township"),
        ("step1", "county"),
        ("step2", "city"),
        ("step2", "province"),
    ]


def _leave_told(leave):
    rows = Notification.objects.filter(kind=LEAVE_APPROVAL_KIND, subject_id=leave.pk)
    return [((n.escalation_level, n.recipient.username), n.period) for n in rows]


def test_the_calendar_shows_staff_the_leave_they_approve(world):
    leave = _pending(world, [Role.UNIT_STAFF])
    mine = _ctx(recipient=world.users["unit_staff"], calendar=True)
    assert leave in [item.subject for item in leave_awaiting_approval(mine)]
    theirs = _ctx(recipient=world.users["trainee"], calendar=True)
    assert list(leave_awaiting_approval(theirs)) == []


# --- Return report overdue -------------------------------------------------------------------


def _approved(world, ends_on: dt.date, *, status=LeaveRequest.Status.APPROVED, account=True):
    trainee = _trainee(world)
    leave = make_leave(trainee, starts_on=_day(-2, ends_on), ends_on=ends_on, step=1, status=status)
    if not account:  # the account was removed after the leave was asked for
        Trainee.objects.filter(pk=trainee.pk).update(user=None)
    if status == LeaveRequest.Status.RETURNED:
        LeaveRequest.objects.filter(pk=leave.pk).update(returned_on=_day(1, ends_on))
    return leave


def test_return_report_overdue_keeps_the_contract(world):
    days = RETURN_REPORT.default_days
    items = check_provider(
        ProviderCase(
            provider=return_report_overdue,
            kind=RETURN_REPORT.key,
            due=lambda today: _approved(world, _day(-days, today)),
            # Told from the day after the leave ends (due, then overdue after `days`): leave
            # ending today is not due yet (tests/cadets/test_leave_news.py).
            just_outside=lambda today: _approved(world, today),
            done=lambda today: _approved(
                world, _day(-days - 5, today), status=LeaveRequest.Status.RETURNED
            ),
            recipients=lambda leave: {leave.trainee.user},
            overdue=True,
        )
    )
    assert items[0].overdue_since == TODAY


def test_an_unreported_return_climbs_trainee_unit_county_city(world):
    ends_on = dt.date(2026, 12, 4)
    leave = _approved(world, ends_on)
    assert_escalates(
        RETURN_REPORT.key,
        leave,
        overdue_since=_day(RETURN_REPORT.default_days, ends_on),
        direct=[leave.trainee.user.username],
    )


def test_a_trainee_without_an_account_is_escalated_all_the_same(world):
    leave = _approved(world, _day(-20), account=False)
    item = next(i for i in return_report_overdue(_ctx()) if i.subject == leave)
    assert item.recipients == [] and item.unit == world.township_a
    sweep_run(today=TODAY)
    assert [level for level, _name in told(RETURN_REPORT.key, leave)] == [
        Level.UNIT,
        Level.COUNTY,
        Level.CITY,
    ]


# --- Cost ------------------------------------------------------------------------------------


def test_the_providers_query_a_constant_number_of_times(world, django_assert_num_queries):
    for n in range(3):
        _submitted(world, _day(-n))
        _milestone(world, _day(n + 1))
        _pending(world, [Role.UNIT_STAFF, Role.COUNTY_STAFF], step=n % 2)
        _approved(world, _day(-5 - n))
    ctx = _ctx()
    for provider, queries in (
        (plan_awaiting_approval, 2),  # the plans, the county staff
        (milestone_due, 2),  # the milestones, the unit staff
        (leave_awaiting_approval, 2),  # the leave, the staff
        (return_report_overdue, 1),
    ):
        with django_assert_num_queries(queries):
            assert len(list(provider(ctx))) == 3
