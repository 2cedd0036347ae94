"""The trainee is told when their leave is decided: approved (by the last step of the chain) or
refused. Not something that falls due, so these are news for the trainee's notification list
and e-mail only: yielded one by one without a unit (no escalation, not on the dashboard's due
lists) and never in the calendar feed. The sweep writes each once: the period is the decision.

The return report (销假) the trainee must file after the leave is cadets/reminders.py's
`return_report_overdue`, which tells the trainee from the day after the leave ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from notifications.due import DueItem, LeadTime, SweepContext, provider

from .models import LeaveRequest

LEAVE_DECIDED = LeadTime(
    "cadets.leave_decided", _("Leave decided: the trainee is told within (days)"), 14
)


@provider(LEAVE_DECIDED)
def leave_decided(ctx: SweepContext) -> Iterable[DueItem]:
    if ctx.calendar:
        return
    since = ctx.today - dt.timedelta(days=ctx.lead_days(LEAVE_DECIDED))
    leave = (
        LeaveRequest.objects.filter(
            status__in=(LeaveRequest.Status.APPROVED, LeaveRequest.Status.REFUSED),
            trainee__user__is_active=True,
        )
        .annotate(decided_at=Max("approvals__decided_at"))
        .filter(decided_at__date__gte=since)
        .select_related("trainee__user")
        .order_by("pk")
    )
    if ctx.recipient is not None:
        leave = leave.filter(trainee__user=ctx.recipient)
    for item in leave:
        yield _decided_item(item)


def _decided_item(leave: LeaveRequest) -> DueItem:
    approved = leave.status == LeaveRequest.Status.APPROVED
    message = (
        _("Your {kind} from {start} to {end} was approved")
        if approved
        else _("Your {kind} from {start} to {end} was refused")
    )
    return DueItem(
        kind=LEAVE_DECIDED.key,
        subject=leave,
        period=leave.status,
        due_on=leave.decided_at.date(),
        title=format_lazy(
            message,
            kind=leave.get_kind_display(),
            start=leave.starts_on.isoformat(),
            end=leave.ends_on.isoformat(),
        ),
        url=reverse("cadets:leave_detail", args=[leave.pk]),
        recipients=[leave.trainee.user],
    )
