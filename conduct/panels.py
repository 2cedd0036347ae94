"""Sections of the trainee page from conduct: awards for every level of staff and the trainee;
for the organisation department the number of tolerance cases and disciplinary records, with
links to them (reading them is audited, so the page shows no content of theirs)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.rules import is_mentor, is_org_department
from cadets.models import Trainee
from cadets.panels import Panel, register

from .models import Award

SHOWN = 10


@register(order=78, section="evaluation", audience=~is_mentor)
def awards_panel(request, trainee) -> Panel | None:
    user = request.user
    if user.role == Role.MENTOR:
        return None
    awards = list(Award.objects.visible_to(user).filter(trainee=trainee)[:SHOWN])
    return Panel(
        title=_("Awards"),
        template="conduct/_awards_panel.html",
        context={"awards": awards, "can_manage": user.has_perm("conduct.manage", trainee)},
        width="col-lg-6",
    )


@register(order=79, section="evaluation", audience=is_org_department)
def conduct_panel(request, trainee) -> Panel | None:
    """容错 and discipline: counts and links, for the organisation department only."""
    user = request.user
    if not user.has_perm("conduct.manage", trainee):
        return None
    counts = Trainee.objects.filter(pk=trainee.pk).aggregate(
        cases=Count("tolerance_cases", distinct=True),
        pending=Count(
            "tolerance_cases",
            filter=Q(tolerance_cases__decision="pending"),
            distinct=True,
        ),
        discipline=Count("discipline", distinct=True),
    )
    return Panel(
        title=_("Tolerance and discipline"),
        template="conduct/_conduct_panel.html",
        context=counts,
        width="col-lg-6",
    )
