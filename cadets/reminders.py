"""Due items of the cadets app for the reminder sweep (notifications/due.py).

- Probation and the training period coming to an end: the trainee and the receiving unit.
- A training plan awaiting approval: the county organisation department of the trainee; after
  the configured days it is overdue and climbs the chain (receiving unit → county → city).
- A milestone of the plan in force coming due and not done: the trainee and the receiving unit.
- Leave awaiting approval: the staff of the awaited role over the trainee's placement; each
  step of the approval chain is a new reminder, for its own approvers.
- Return report (销假) overdue: approved leave ended the configured days ago and no return
  report: the trainee, then the chain above the trainee's township."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db.models import Exists, Func, IntegerField, OuterRef, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.selectors import staff_by_role_and_unit, unit_staff_by_unit
from notifications.done import done_check
from notifications.due import (
    CALENDAR_AHEAD,
    CALENDAR_PAST,
    DueItem,
    DueRows,
    LeadTime,
    SweepContext,
    days_after,
    provider,
)

from . import leave_reminders  # noqa: F401  (the trainee told of decided leave)
from .models import LeaveRequest, PlanMilestone, Trainee, TrainingPlan

PROBATION_ENDING = LeadTime(
    "cadets.probation_ending", _("Probation ends (days ahead)"), default_days=30
)
TRAINING_ENDING = LeadTime(
    "cadets.training_ending", _("Training period ends (days ahead)"), default_days=60
)
PLAN_APPROVAL = LeadTime(
    "cadets.plan_approval", _("Training plan awaiting approval: overdue after (days)"), 7
)
MILESTONE_DUE = LeadTime("cadets.milestone_due", _("Plan milestone due (days ahead)"), 7)
LEAVE_APPROVAL_KIND = "cadets.leave_approval"
RETURN_REPORT = LeadTime(
    "cadets.return_report_overdue",
    _("Return report (销假) overdue after the end of leave (days)"),
    default_days=3,
)


@provider(PROBATION_ENDING)
def probation_ending(ctx: SweepContext) -> Iterable[DueRows]:
    yield DueRows(
        _in_training(ctx).filter(probation_ends_on__range=ctx.window(PROBATION_ENDING)),
        item=partial(
            _ending_item,
            lead=PROBATION_ENDING,
            field="probation_ends_on",
            title=_("Probation of {name} ends on {date}: prepare the confirmation review"),
        ),
        trainee="",
        due_on="probation_ends_on",
        recipients=_unit_staff_and_trainee,
    )


@provider(TRAINING_ENDING)
def training_ending(ctx: SweepContext) -> Iterable[DueRows]:
    yield DueRows(
        _in_training(ctx).filter(training_ends_on__range=ctx.window(TRAINING_ENDING)),
        item=partial(
            _ending_item,
            lead=TRAINING_ENDING,
            field="training_ends_on",
            title=_("Grassroots training of {name} ends on {date}: prepare the final assessment"),
        ),
        trainee="",
        due_on="training_ends_on",
        recipients=_unit_staff_and_trainee,
    )


def _ending_item(trainee: Trainee, recipients, *, lead, field: str, title) -> DueItem:
    """The item of a trainee's date (`field`) coming up: probation or training ending."""
    day = getattr(trainee, field)
    return DueItem(
        kind=lead.key,
        subject=trainee,
        period=day.isoformat(),
        due_on=day,
        title=format_lazy(title, name=trainee.name, date=day.isoformat()),
        url=reverse("cadets:trainee_detail", args=[trainee.pk]),
        recipients=recipients,
        unit=trainee.township,
    )


def _in_training(ctx: SweepContext):
    trainees = Trainee.objects.filter(status=Trainee.Status.TRAINING)
    user = ctx.recipient
    if user is not None:  # the calendar feed of one user: only what concerns them
        if user.role == Role.UNIT_STAFF and user.org_unit_id:
            trainees = trainees.filter(township_id=user.org_unit_id)
        else:
            trainees = trainees.filter(user=user)
    return trainees.select_related("township", "user").order_by("pk")


def _unit_staff_and_trainee(trainees: list[Trainee]) -> dict[int, list]:
    staff = unit_staff_by_unit({trainee.township_id for trainee in trainees})
    recipients = {}
    for trainee in trainees:
        recipients[trainee.pk] = list(staff.get(trainee.township_id, []))
        if trainee.user is not None and trainee.user.is_active:
            recipients[trainee.pk].append(trainee.user)
    return recipients


# --- Training plans --------------------------------------------------------------------------


@provider(PLAN_APPROVAL)
def plan_awaiting_approval(ctx: SweepContext) -> Iterable[DueRows]:
    """Each submission is a reminder of its own (period: the day submitted); overdue — and
    escalated — once it has waited the configured days."""
    days = ctx.lead_days(PLAN_APPROVAL)
    plans = TrainingPlan.objects.filter(
        status=TrainingPlan.Status.SUBMITTED,
        submitted_at__isnull=False,
        trainee__status=Trainee.Status.TRAINING,
    )
    if ctx.calendar:  # the feed: plans whose approval falls due within its window
        start, end = ctx.window(PLAN_APPROVAL)
        delta = dt.timedelta(days=days)
        plans = plans.filter(submitted_at__date__range=(start - delta, end - delta))
    user = ctx.recipient
    if user is not None:
        if user.role != Role.COUNTY_STAFF or not user.org_unit_id:
            return
        plans = plans.filter(trainee__county_id=user.org_unit_id)
    # Submitted on or before this day: waited the configured days, overdue.
    last_on_time = ctx.today - dt.timedelta(days=days)
    yield DueRows(
        plans.select_related("trainee__township").order_by("pk"),
        item=partial(_plan_item, today=ctx.today, days=days),
        trainee="trainee",
        due_on=days_after(TruncDate("submitted_at"), days),
        overdue=Q(submitted_at__date__lte=last_on_time),
        recipients=_county_staff,
    )


def _plan_item(plan: TrainingPlan, recipients, *, today: dt.date, days: int) -> DueItem:
    trainee = plan.trainee
    submitted_on = timezone.localdate(plan.submitted_at)
    due_on = submitted_on + dt.timedelta(days=days)
    return DueItem(
        kind=PLAN_APPROVAL.key,
        subject=plan,
        period=submitted_on.isoformat(),
        due_on=due_on,
        title=format_lazy(
            _("Training plan of {name} (version {version}) awaits approval since {date}"),
            name=trainee.name,
            version=plan.version,
            date=submitted_on.isoformat(),
        ),
        url=reverse("cadets:plan_review", args=[trainee.pk]),
        recipients=recipients,
        overdue_since=due_on if today >= due_on else None,
        unit=trainee.township,
    )


def _county_staff(plans: list[TrainingPlan]) -> dict[int, list]:
    staff = staff_by_role_and_unit({p.trainee.county_id for p in plans}, [Role.COUNTY_STAFF])
    return {plan.pk: staff.get((Role.COUNTY_STAFF, plan.trainee.county_id), []) for plan in plans}


@provider(MILESTONE_DUE)
def milestone_due(ctx: SweepContext) -> Iterable[DueRows]:
    """Milestones of the plan in force (the newest approved or acknowledged version) only."""
    newer = TrainingPlan.objects.filter(
        trainee=OuterRef("plan__trainee"),
        version__gt=OuterRef("plan__version"),
        status__in=TrainingPlan.IN_FORCE,
    )
    milestones = PlanMilestone.objects.filter(
        due_on__range=ctx.window(MILESTONE_DUE),
        done_on__isnull=True,
        plan__status__in=TrainingPlan.IN_FORCE,
        plan__trainee__status=Trainee.Status.TRAINING,
    ).filter(~Exists(newer))
    user = ctx.recipient
    if user is not None:
        if user.role == Role.UNIT_STAFF and user.org_unit_id:
            milestones = milestones.filter(plan__trainee__township_id=user.org_unit_id)
        else:
            milestones = milestones.filter(plan__trainee__user=user)
    yield DueRows(
        milestones.select_related("plan__trainee__township", "plan__trainee__user").order_by(
            "due_on", "pk"
        ),
        item=_milestone_item,
        trainee="plan__trainee",
        due_on="due_on",
        recipients=_milestone_recipients,
    )


@done_check(MILESTONE_DUE.key)
def milestone_done(keys: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """A milestone is done once marked done."""
    done = set(
        PlanMilestone.objects.filter(
            pk__in={pk for pk, _period in keys}, done_on__isnull=False
        ).values_list("pk", flat=True)
    )
    return {key for key in keys if key[0] in done}


def _milestone_item(milestone: PlanMilestone, recipients) -> DueItem:
    trainee = milestone.plan.trainee
    return DueItem(
        kind=MILESTONE_DUE.key,
        subject=milestone,
        period=milestone.due_on.isoformat(),
        due_on=milestone.due_on,
        title=format_lazy(
            _("Milestone of {name} due on {date}: {milestone}"),
            name=trainee.name,
            date=milestone.due_on.isoformat(),
            milestone=milestone.title,
        ),
        url=reverse("cadets:plan_detail", args=[trainee.pk]),
        recipients=recipients,
        unit=trainee.township,
    )


def _milestone_recipients(milestones: list[PlanMilestone]) -> dict[int, list]:
    trainees = {m.pk: m.plan.trainee for m in milestones}
    by_trainee = _unit_staff_and_trainee(list({t.pk: t for t in trainees.values()}.values()))
    return {pk: by_trainee[trainee.pk] for pk, trainee in trainees.items()}


# --- Leave -----------------------------------------------------------------------------------


@provider()
def leave_awaiting_approval(ctx: SweepContext) -> Iterable[DueRows]:
    """Pending leave, for the staff of the role whose approval it waits for; the period names
    the step, so the next approver of the chain gets a reminder of their own."""
    leave = LeaveRequest.objects.filter(
        status=LeaveRequest.Status.PENDING,
        trainee__status=Trainee.Status.TRAINING,
        # LeaveRequest.awaiting_role is not None: a step of the chain is left.
        step__lt=ChainLength("approval_chain"),
    )
    if ctx.calendar:
        leave = leave.filter(
            starts_on__range=(ctx.today - CALENDAR_PAST, ctx.today + CALENDAR_AHEAD)
        )
    user = ctx.recipient
    if user is not None:
        if not user.is_org_staff or not user.org_unit_id:
            return
        leave = leave.filter(
            Q(trainee__township_id=user.org_unit_id)
            | Q(trainee__county_id=user.org_unit_id)
            | Q(trainee__county__parent_id=user.org_unit_id)
            | Q(trainee__county__parent__parent_id=user.org_unit_id)
        )
    yield DueRows(
        leave.select_related("trainee__township", "trainee__county__parent").order_by(
            "starts_on", "pk"
        ),
        item=_leave_item,
        trainee="trainee",
        due_on="starts_on",
        recipients=_awaited_approvers,
    )


class ChainLength(Func):
    """The number of steps of a leave's approval chain (a JSON list), in the database."""

    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="jsonb_array_length", **extra)


def _leave_item(item: LeaveRequest, recipients) -> DueItem:
    return DueItem(
        kind=LEAVE_APPROVAL_KIND,
        subject=item,
        period=f"step{item.step}",
        due_on=item.starts_on,
        title=format_lazy(
            _("Leave of {name} from {start} to {end} awaits your approval"),
            name=item.trainee.name,
            start=item.starts_on.isoformat(),
            end=item.ends_on.isoformat(),
        ),
        url=reverse("cadets:leave_detail", args=[item.pk]),
        recipients=recipients,
        unit=item.trainee.township,
    )


def _awaited_approvers(leave: list[LeaveRequest]) -> dict[int, list]:
    """The staff of the role each request waits for, over the trainee's placement."""
    units: set[int] = set()
    for item in leave:
        units.update(_placement_units(item.trainee))
    staff = staff_by_role_and_unit(units)
    recipients = {}
    for item in leave:
        recipients[item.pk] = []
        for unit_id in _placement_units(item.trainee):
            recipients[item.pk] += staff.get((item.awaiting_role, unit_id), [])
    return recipients


def _placement_units(trainee: Trainee) -> list[int]:
    """The township, county, city and province of a trainee's placement (needs county.parent
    loaded): the units whose staff may approve their leave."""
    county = trainee.county
    units = [trainee.township_id, trainee.county_id, county.parent_id]
    if county.parent is not None and county.parent.parent_id:
        units.append(county.parent.parent_id)
    return [unit for unit in units if unit]


@provider(RETURN_REPORT)
def return_report_overdue(ctx: SweepContext) -> Iterable[DueRows]:
    """Approved leave (a return report moves it to RETURNED): the trainee is told the day after
    it ends that the report is due, and it is overdue the configured days after its end — then
    it climbs the chain — until the trainee files the report. Leave that has not ended is never
    overdue (the feed shows it as due on its day)."""
    days = ctx.lead_days(RETURN_REPORT)
    delta = dt.timedelta(days=days)
    # Ended on or before this day: the report is overdue.
    last_on_time = ctx.today - delta
    leave = LeaveRequest.objects.filter(
        status=LeaveRequest.Status.APPROVED, trainee__status=Trainee.Status.TRAINING
    )
    if ctx.calendar:  # the feed: also the reports not yet overdue
        start, end = ctx.window(RETURN_REPORT)
        leave = leave.filter(ends_on__range=(start - delta, end - delta))
    else:  # ended: due from the next day, overdue after the configured days
        leave = leave.filter(ends_on__lt=ctx.today)
    if ctx.recipient is not None:
        leave = leave.filter(trainee__user=ctx.recipient)
    yield DueRows(
        leave.select_related("trainee__township", "trainee__user").order_by("pk"),
        item=partial(_return_report_item, today=ctx.today, days=days),
        trainee="trainee",
        due_on=days_after("ends_on", days),
        overdue=Q(ends_on__lte=last_on_time),
        recipients=_the_trainee,
    )


def _return_report_item(item: LeaveRequest, recipients, *, today: dt.date, days: int) -> DueItem:
    trainee = item.trainee
    due_on = item.ends_on + dt.timedelta(days=days)
    if today >= due_on:
        title = _("Leave of {name} ended on {date}: the return report (销假) is overdue")
    elif item.ends_on < today:
        title = _("Leave of {name} ended on {date}: file the return report (销假) by {due}")
    else:
        title = _("Leave of {name} ends on {date}: file the return report (销假) by {due}")
    return DueItem(
        kind=RETURN_REPORT.key,
        subject=item,
        period=item.ends_on.isoformat(),
        due_on=due_on,
        title=format_lazy(
            title, name=trainee.name, date=item.ends_on.isoformat(), due=due_on.isoformat()
        ),
        url=reverse("cadets:leave_detail", args=[item.pk]),
        recipients=recipients,
        overdue_since=due_on if today >= due_on else None,
        unit=trainee.township,
    )


@done_check(RETURN_REPORT.key)
def return_report_done(keys: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Leave whose return report is filed (or that was withdrawn): no longer approved."""
    done = set(
        LeaveRequest.objects.filter(pk__in={pk for pk, _period in keys})
        .exclude(status=LeaveRequest.Status.APPROVED)
        .values_list("pk", flat=True)
    )
    return {key for key in keys if key[0] in done}


def _the_trainee(leave: list[LeaveRequest]) -> dict[int, list]:
    return {
        item.pk: [item.trainee.user]
        for item in leave
        if item.trainee.user is not None and item.trainee.user.is_active
    }
