"""Sections of the trainee page for daily management: leave and work reports (issue 4).
Imported at the end of cadets/panels.py so that they register with the other panels."""

from __future__ import annotations

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LeaveRequest, WorkReport
from .panels import Panel, register

LEAVE_SHOWN = 8
REPORTS_SHOWN = 8


@register(order=40, section="daily")
def leave_panel(request, trainee) -> Panel:
    """请假: recent requests and the days taken this year."""
    year = timezone.localdate().year
    taken = Q(
        starts_on__year=year,
        status__in=[LeaveRequest.Status.APPROVED, LeaveRequest.Status.RETURNED],
    )
    days = trainee.leave.filter(taken).aggregate(total=Sum("days"))["total"]
    is_owner = trainee.user_id is not None and trainee.user_id == request.user.pk
    return Panel(
        title=_("My leave") if is_owner else _("Leave"),
        template="cadets/_leave_panel.html",
        context={
            "leave": trainee.leave.order_by("-starts_on", "-pk")[:LEAVE_SHOWN],
            "days_this_year": days or 0,
            "year": year,
            "is_owner": is_owner,
        },
        width="col-lg-6",
    )


@register(order=45, section="daily")
def reports_panel(request, trainee) -> Panel:
    """工作纪实 / 月报 / 季报: the latest reports."""
    is_owner = trainee.user_id is not None and trainee.user_id == request.user.pk
    reports = WorkReport.objects.filter(trainee=trainee).order_by("-period", "-pk")
    return Panel(
        title=_("My reports") if is_owner else _("Work reports"),
        template="cadets/_reports_panel.html",
        context={"reports": reports[:REPORTS_SHOWN], "is_owner": is_owner},
        width="col-lg-6",
    )
