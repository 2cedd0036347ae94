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


@register(order=40)
def leave_panel(request, trainee) -> Panel:
    """请假: recent requests and the days taken this year. Queries: the list, the total."""
    year = timezone.localdate().year
    leave = trainee.leave.order_by("-starts_on", "-pk")[:LEAVE_SHOWN]
    days = trainee.leave.aggregate(
        total=Sum(
            "days",
            filter=Q(
                starts_on__year=year,
                status__in=[LeaveRequest.Status.APPROVED, LeaveRequest.Status.RETURNED],
            ),
        )
    )["total"]
    is_owner = trainee.user_id is not None and trainee.user_id == request.user.pk
    return Panel(
        title=_("My leave") if is_owner else _("Leave"),
        template="cadets/_leave_panel.html",
        context={
            "leave": list(leave),
            "days_this_year": days or 0,
            "year": year,
            "is_owner": is_owner,
        },
        width="col-lg-6",
    )


@register(order=45)
def reports_panel(request, trainee) -> Panel:
    """工作纪实 / 月报 / 季报: the latest reports. One query."""
    is_owner = trainee.user_id is not None and trainee.user_id == request.user.pk
    reports = list(
        WorkReport.objects.filter(trainee=trainee).order_by("-period", "-pk")[:REPORTS_SHOWN]
    )
    return Panel(
        title=_("My reports") if is_owner else _("Work reports"),
        template="cadets/_reports_panel.html",
        context={"reports": reports, "is_owner": is_owner},
        width="col-lg-6",
    )
