"""Due items of the assessments app for the reminder sweep (notifications/due.py).

- Rating due: a rater's assignment (mentor, receiving unit, organisation department) in an
  open cycle, not yet submitted, the cycle's rating deadline within the lead time; told: the
  rater.
- Rating overdue: the deadline has passed and the assignment is still not submitted while the
  cycle is open and the grade not confirmed; told: the rater, then the chain above the
  trainee's township (receiving unit → county → city) after the thresholds.
- Self-report (述职) due and overdue: the same for the trainee's own assignment.

The period is the rating deadline: a deadline moved by staff is a new reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from notifications.done import done_check
from notifications.due import DueItem, DueRows, LeadTime, SweepContext, provider

from .models import AssessmentCycle, RaterAssignment, RaterKind

RATING_DUE = LeadTime("assessments.rating_due", _("Assessment rating due (days ahead)"), 7)
SELF_REPORT_DUE = LeadTime(
    "assessments.self_report_due", _("Self-report (述职) due (days ahead)"), 7
)
RATING_OVERDUE_KIND = "assessments.rating_overdue"
SELF_REPORT_OVERDUE_KIND = "assessments.self_report_overdue"


@provider(RATING_DUE)
def rating_due(ctx: SweepContext) -> Iterable[DueRows]:
    yield _rows(
        _open(ctx, self_report=False).filter(
            assessment__cycle__rating_deadline__range=ctx.window(RATING_DUE)
        ),
        kind=RATING_DUE.key,
        title=_("Rate {name} in {cycle} by {date}"),
    )


@provider()
def rating_overdue(ctx: SweepContext) -> Iterable[DueRows]:
    yield _rows(
        _overdue(ctx, self_report=False),
        kind=RATING_OVERDUE_KIND,
        title=_("Rating of {name} in {cycle} is overdue (deadline {date})"),
        overdue=True,
    )


@provider(SELF_REPORT_DUE)
def self_report_due(ctx: SweepContext) -> Iterable[DueRows]:
    yield _rows(
        _open(ctx, self_report=True).filter(
            assessment__cycle__rating_deadline__range=ctx.window(SELF_REPORT_DUE)
        ),
        kind=SELF_REPORT_DUE.key,
        title=_("Your self-report for {cycle} is due by {date}"),
    )


@provider()
def self_report_overdue(ctx: SweepContext) -> Iterable[DueRows]:
    yield _rows(
        _overdue(ctx, self_report=True),
        kind=SELF_REPORT_OVERDUE_KIND,
        title=_("Self-report of {name} for {cycle} is overdue (deadline {date})"),
        overdue=True,
    )


@done_check(RATING_DUE.key, RATING_OVERDUE_KIND, SELF_REPORT_DUE.key, SELF_REPORT_OVERDUE_KIND)
def rating_done(keys: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """A rater's (or the trainee's self-report) assignment is done once submitted."""
    done = set(
        RaterAssignment.objects.filter(
            pk__in={pk for pk, _period in keys}, submitted_at__isnull=False
        ).values_list("pk", flat=True)
    )
    return {key for key in keys if key[0] in done}


def _rows(assignments, *, kind: str, title, overdue: bool = False) -> DueRows:
    return DueRows(
        assignments,
        item=partial(_item, kind=kind, title=title, overdue=overdue),
        trainee="assessment__trainee",
        due_on="assessment__cycle__rating_deadline",
        overdue=overdue,
        recipients=_the_rater,
    )


def _open(ctx: SweepContext, *, self_report: bool):
    """Assignments still to be submitted in open cycles, the grade not yet confirmed."""
    assignments = RaterAssignment.objects.filter(
        submitted_at__isnull=True,
        assessment__cycle__status=AssessmentCycle.Status.OPEN,
        assessment__grade="",
    )
    if self_report:
        assignments = assignments.filter(kind=RaterKind.SELF)
    else:
        assignments = assignments.exclude(kind=RaterKind.SELF)
    if ctx.recipient is not None:  # the calendar feed of one user: only their assignments
        assignments = assignments.filter(rater=ctx.recipient)
    return assignments.select_related(
        "rater", "assessment__cycle", "assessment__trainee__township"
    ).order_by("pk")


def _overdue(ctx: SweepContext, *, self_report: bool):
    """Open assignments whose deadline has passed (in the feed: within its window)."""
    yesterday = ctx.today - dt.timedelta(days=1)
    assignments = _open(ctx, self_report=self_report)
    if ctx.calendar:
        start, _end = ctx.window(RATING_DUE)
        return assignments.filter(assessment__cycle__rating_deadline__range=(start, yesterday))
    return assignments.filter(assessment__cycle__rating_deadline__lte=yesterday)


def _item(
    assignment: RaterAssignment, recipients, *, kind: str, title, overdue: bool = False
) -> DueItem:
    assessment = assignment.assessment
    cycle = assessment.cycle
    deadline = cycle.rating_deadline
    return DueItem(
        kind=kind,
        subject=assignment,
        period=deadline.isoformat(),
        due_on=deadline,
        title=format_lazy(
            title, name=assessment.trainee.name, cycle=cycle.name, date=deadline.isoformat()
        ),
        # The rater's form while it is open; once overdue, the assessment that the staff up
        # the chain (who confirm the grade or extend the deadline) can open. Everybody else
        # (the dashboard's readers) gets the assessment.
        url=reverse(
            "assessments:assessment_detail" if overdue else "assessments:rate",
            args=[assessment.pk],
        ),
        escalation_url=reverse("assessments:assessment_detail", args=[assessment.pk]),
        recipients=recipients,
        overdue_since=deadline + dt.timedelta(days=1) if overdue else None,
        unit=assessment.trainee.township,
    )


def _the_rater(assignments: list[RaterAssignment]) -> dict[int, list]:
    return {a.pk: [a.rater] for a in assignments if a.rater.is_active}
