"""The trainee page's attendance section: the last months from the submitted sheets, flagged
months marked (one query: attendance.selectors.trainee_months)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cadets.panels import Panel, register

from .selectors import trainee_months

MONTHS_SHOWN = 6


@register(order=42, section="daily")
def attendance_panel(request, trainee) -> Panel:
    lines = trainee_months(trainee, limit=MONTHS_SHOWN)
    return Panel(
        title=_("Attendance"),
        template="attendance/_trainee_panel.html",
        context={"lines": lines, "flagged": sum(1 for line in lines if line.flagged)},
        width="col-lg-6",
    )
