"""The trainee page's training section: this year's hours against the hours required, and the
latest courses (one query: education.selectors.trainee_courses)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadets.panels import Panel, register

from .selectors import CREDITED, trainee_courses

COURSES_SHOWN = 6


@register(order=43, section="training")
def training_panel(request, trainee) -> Panel:
    year = timezone.localdate().year
    enrolments = trainee_courses(trainee)
    hours = sum(
        (e.hours for e in enrolments if e.status in CREDITED and e.course.ends_on.year == year),
        start=0,
    )
    required = enrolments[0].required if enrolments else None
    return Panel(
        title=_("Education and training"),
        template="education/_trainee_panel.html",
        context={
            "enrolments": enrolments[:COURSES_SHOWN],
            "year": year,
            "hours": hours,
            "required": required,
            "short": required is not None and hours < required,
            "can_open": request.user.has_perm("education.view_courses"),
        },
        width="col-lg-6",
    )
