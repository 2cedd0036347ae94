"""Sections of the trainee page from mentoring: mentors, mentoring records, talks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.rules import is_trainee
from cadets.panels import Panel, register

from .models import Mentorship, MonthlyFeedback, TalkRecord
from .selectors import with_kind_names

FEEDBACK_SHOWN = 12
TALKS_SHOWN = 10


@register(order=30, section="overview")
def mentors_panel(request, trainee) -> Panel:
    """导师: every pairing, current first, with the names of their mentor types (one query)."""
    pairings = with_kind_names(
        Mentorship.objects.filter(trainee=trainee)
        .select_related("mentor", "mentor__unit")
        .order_by("ends_on", "-is_primary", "starts_on")
    )
    is_trainee = request.user.role == Role.TRAINEE
    return Panel(
        title=_("My mentors") if is_trainee else _("Mentors"),
        template="mentors/_mentors_panel.html",
        context={
            "pairings": pairings,
            "can_pair": request.user.has_perm("mentors.pair_mentor", trainee),
        },
    )


@register(order=32, section="training")
def feedback_panel(request, trainee) -> Panel | None:
    """帮带记录 the viewer may see (MonthlyFeedback.visible_to); a trainee sees none unless the
    mentoring rules share them."""
    is_trainee = request.user.role == Role.TRAINEE
    records = list(
        MonthlyFeedback.objects.visible_to(request.user)
        .filter(mentorship__trainee=trainee)
        .select_related("mentorship__mentor")
        .order_by("-month", "pk")[:FEEDBACK_SHOWN]
    )
    if is_trainee and not records:
        return None
    return Panel(
        title=_("Mentoring feedback shared with me") if is_trainee else _("Mentoring records"),
        template="mentors/_feedback_panel.html",
        context={"records": records, "is_trainee": is_trainee},
    )


@register(order=70, section="training", audience=~is_trainee)
def talks_panel(request, trainee) -> Panel | None:
    """谈心谈话 on the trainee's file; not shown to the trainee."""
    if request.user.role == Role.TRAINEE:
        return None
    talks = (
        TalkRecord.objects.visible_to(request.user)
        .filter(trainee=trainee)
        .select_related("author")[:TALKS_SHOWN]
    )
    return Panel(
        title=_("Talks"),
        template="mentors/_talks_panel.html",
        context={
            "talks": talks,
            "can_add": request.user.has_perm("mentors.add_talk", trainee),
        },
    )
