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


def _leave_rows(request, trainee) -> dict:
    year = timezone.localdate().year
    taken = Q(
        starts_on__year=year,
        status__in=[LeaveRequest.Status.APPROVED, LeaveRequest.Status.RETURNED],
    )
    return {
        "leave": trainee.leave.order_by("-starts_on", "-pk")[:LEAVE_SHOWN],
        "days": trainee.leave.filter(taken)
        .order_by()
        .values("trainee")
        .annotate(total=Sum("days"))
        .values("total"),
    }


@register(order=40, rows=_leave_rows)
def leave_panel(request, trainee, rows) -> Panel:
    """请假: recent requests and the days taken this year."""
    year = timezone.localdate().year
    days = rows["days"][0]["total"] if rows["days"] else 0
    is_owner = trainee.user_id is not None and trainee.user_id == request.user.pk
    return Panel(
        title=_("My leave") if is_owner else _("Leave"),
        template="cadets/_leave_panel.html",
        context={
            "leave": rows["leave"],
            "days_this_year": days or 0,
            "year": year,
            "is_owner": is_owner,
        },
        width="col-lg-6",
    )


def _report_rows(request, trainee) -> dict:
    return {
        "reports": WorkReport.objects.filter(trainee=trainee).order_by("-period", "-pk")[
            :REPORTS_SHOWN
        ]
    }


@register(order=45, rows=_report_rows)
def reports_panel(request, trainee, rows) -> Panel:
    """工作纪实 / 月报 / 季报: the latest reports."""
    is_owner = trainee.user_id is not None and trainee.user_id == request.user.pk
    reports = rows["reports"]
    return Panel(
        title=_("My reports") if is_owner else _("Work reports"),
        template="cadets/_reports_panel.html",
        context={"reports": reports, "is_owner": is_owner},
        width="col-lg-6",
    )
