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

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.selectors import staff_by_role_and_unit, unit_staff_by_unit
from notifications.due import (
    CALENDAR_AHEAD,
    CALENDAR_PAST,
    DueItem,
    LeadTime,
    SweepContext,
    provider,
)

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
def probation_ending(ctx: SweepContext) -> Iterable[DueItem]:
    trainees = _in_training(ctx).filter(probation_ends_on__range=ctx.window(PROBATION_ENDING))
    for trainee, recipients in _with_recipients(trainees):
        yield DueItem(
            kind=PROBATION_ENDING.key,
            subject=trainee,
            period=trainee.probation_ends_on.isoformat(),
            due_on=trainee.probation_ends_on,
            title=format_lazy(
                _("Probation of {name} ends on {date}: prepare the confirmation review"),
                name=trainee.name,
                date=trainee.probation_ends_on.isoformat(),
            ),
            url=reverse("cadets:trainee_detail", args=[trainee.pk]),
            recipients=recipients,
            unit=trainee.township,
        )


@provider(TRAINING_ENDING)
def training_ending(ctx: SweepContext) -> Iterable[DueItem]:
    trainees = _in_training(ctx).filter(training_ends_on__range=ctx.window(TRAINING_ENDING))
    for trainee, recipients in _with_recipients(trainees):
        yield DueItem(
            kind=TRAINING_ENDING.key,
            subject=trainee,
            period=trainee.training_ends_on.isoformat(),
            due_on=trainee.training_ends_on,
            title=format_lazy(
                _("Grassroots training of {name} ends on {date}: prepare the final assessment"),
                name=trainee.name,
                date=trainee.training_ends_on.isoformat(),
            ),
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


def _with_recipients(trainees):
    trainees = list(trainees)
    staff = unit_staff_by_unit({trainee.township_id for trainee in trainees})
    for trainee in trainees:
        recipients = list(staff.get(trainee.township_id, []))
        if trainee.user is not None and trainee.user.is_active:
            recipients.append(trainee.user)
        yield trainee, recipients


# --- Training plans --------------------------------------------------------------------------


@provider(PLAN_APPROVAL)
def plan_awaiting_approval(ctx: SweepContext) -> Iterable[DueItem]:
    """Each submission is a reminder of its own (period: the day submitted); overdue — and
    escalated — once it has waited the configured days."""
    days = dt.timedelta(days=ctx.lead_days(PLAN_APPROVAL))
    plans = TrainingPlan.objects.filter(
        status=TrainingPlan.Status.SUBMITTED,
        submitted_at__isnull=False,
        trainee__status=Trainee.Status.TRAINING,
    )
    if ctx.calendar:  # the feed: plans whose approval falls due within its window
        start, end = ctx.window(PLAN_APPROVAL)
        plans = plans.filter(submitted_at__date__range=(start - days, end - days))
    user = ctx.recipient
    if user is not None:
        if user.role != Role.COUNTY_STAFF or not user.org_unit_id:
            return
        plans = plans.filter(trainee__county_id=user.org_unit_id)
    plans = list(plans.select_related("trainee__township").order_by("pk"))
    staff = staff_by_role_and_unit({p.trainee.county_id for p in plans}, [Role.COUNTY_STAFF])
    for plan in plans:
        trainee = plan.trainee
        submitted_on = timezone.localdate(plan.submitted_at)
        due_on = submitted_on + days
        yield DueItem(
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
            recipients=staff.get((Role.COUNTY_STAFF, trainee.county_id), []),
            overdue_since=due_on if ctx.today >= due_on else None,
            unit=trainee.township,
        )


@provider(MILESTONE_DUE)
def milestone_due(ctx: SweepContext) -> Iterable[DueItem]:
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
    milestones = list(
        milestones.select_related("plan__trainee__township", "plan__trainee__user").order_by(
            "due_on", "pk"
        )
    )
    staff = unit_staff_by_unit({m.plan.trainee.township_id for m in milestones})
    for milestone in milestones:
        trainee = milestone.plan.trainee
        recipients = list(staff.get(trainee.township_id, []))
        if trainee.user is not None and trainee.user.is_active:
            recipients.append(trainee.user)
        yield DueItem(
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


# --- Leave -----------------------------------------------------------------------------------


@provider()
def leave_awaiting_approval(ctx: SweepContext) -> Iterable[DueItem]:
    """Pending leave, for the staff of the role whose approval it waits for; the period names
    the step, so the next approver of the chain gets a reminder of their own."""
    leave = LeaveRequest.objects.filter(
        status=LeaveRequest.Status.PENDING, trainee__status=Trainee.Status.TRAINING
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
    leave = [
        item
        for item in leave.select_related("trainee__township", "trainee__county__parent").order_by(
            "starts_on", "pk"
        )
        if item.awaiting_role
    ]
    units: set[int] = set()
    for item in leave:
        units.update(_placement_units(item.trainee))
    staff = staff_by_role_and_unit(units)
    for item in leave:
        role = item.awaiting_role
        recipients: list = []
        for unit_id in _placement_units(item.trainee):
            recipients += staff.get((role, unit_id), [])
        yield DueItem(
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


def _placement_units(trainee: Trainee) -> list[int]:
    """The township, county, city and province of a trainee's placement (needs county.parent
    loaded): the units whose staff may approve their leave."""
    county = trainee.county
    units = [trainee.township_id, trainee.county_id, county.parent_id]
    if county.parent is not None and county.parent.parent_id:
        units.append(county.parent.parent_id)
    return [unit for unit in units if unit]


@provider(RETURN_REPORT)
def return_report_overdue(ctx: SweepContext) -> Iterable[DueItem]:
    """Approved leave (a return report moves it to RETURNED) that ended the configured days
    ago: overdue from then on, until the trainee files the report."""
    days = dt.timedelta(days=ctx.lead_days(RETURN_REPORT))
    leave = LeaveRequest.objects.filter(
        status=LeaveRequest.Status.APPROVED, trainee__status=Trainee.Status.TRAINING
    )
    if ctx.calendar:
        start, end = ctx.window(RETURN_REPORT)
        leave = leave.filter(ends_on__range=(start - days, end - days))
    else:
        leave = leave.filter(ends_on__lte=ctx.today - days)
    if ctx.recipient is not None:
        leave = leave.filter(trainee__user=ctx.recipient)
    for item in leave.select_related("trainee__township", "trainee__user").order_by("pk"):
        trainee = item.trainee
        due_on = item.ends_on + days
        yield DueItem(
            kind=RETURN_REPORT.key,
            subject=item,
            period=item.ends_on.isoformat(),
            due_on=due_on,
            title=format_lazy(
                _("Leave of {name} ended on {date}: the return report (销假) is overdue"),
                name=trainee.name,
                date=item.ends_on.isoformat(),
            ),
            url=reverse("cadets:leave_detail", args=[item.pk]),
            recipients=[trainee.user] if trainee.user and trainee.user.is_active else [],
            overdue_since=due_on if ctx.today >= due_on else None,
            unit=trainee.township,
        )
