"""Sections of the trainee page from care and support: difficulties, visits and talks,
entitlements — one small query each (cadets/panels.py)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.rules import is_mentor, is_staff_member
from cadets.panels import Panel, register

from .models import CareRecord, Difficulty, Entitlement

SHOWN = 8


@register(order=74, section="support", audience=~is_mentor)
def difficulties_panel(request, trainee) -> Panel | None:
    """困难诉求: what the trainee raised and who resolves it; never shown to mentors."""
    user = request.user
    if not user.has_perm("support.raise_difficulty", trainee) and user.role != Role.TRAINEE:
        return None
    rows = list(
        Difficulty.objects.visible_to(user)
        .filter(trainee=trainee)
        .select_related("owner")
        .order_by("status", "-raised_on", "-pk")[:SHOWN]
    )
    return Panel(
        title=_("Difficulties raised"),
        template="support/_difficulties_panel.html",
        context={
            "rows": rows,
            "today": timezone.localdate(),
            "can_raise": user.has_perm("support.raise_difficulty", trainee),
        },
        width="col-lg-6",
    )


@register(order=75, section="support", audience=~is_mentor)
def entitlements_panel(request, trainee) -> Panel | None:
    """待遇保障: the trainee's entitlements and their state; shown to the trainee too."""
    user = request.user
    if user.role == Role.MENTOR:
        return None
    rows = list(Entitlement.objects.visible_to(user).filter(trainee=trainee).select_related("type"))
    return Panel(
        title=_("Entitlements"),
        template="support/_entitlements_panel.html",
        context={
            "rows": rows,
            "can_change": user.has_perm("support.change_entitlement", trainee),
        },
        width="col-lg-6",
    )


@register(order=76, section="support", audience=is_staff_member)
def care_panel(request, trainee) -> Panel | None:
    """走访慰问 / 谈心谈话 by leaders: staff only."""
    user = request.user
    if not user.has_perm("support.add_care_record", trainee):
        return None
    rows = list(CareRecord.objects.visible_to(user).filter(trainee=trainee)[:SHOWN])
    return Panel(
        title=_("Visits and talks by leaders"),
        template="support/_care_panel.html",
        context={"rows": rows},
    )
