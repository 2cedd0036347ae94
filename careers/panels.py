"""The trainee page's career sections: the path of transfers, and the yearly follow-up."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.rules import is_staff_member
from cadets.panels import Panel, register

from .models import FollowUp, Transfer


@register(order=65, section="career", audience=is_staff_member)
def career_path_panel(request, trainee) -> Panel | None:
    """Every transfer of the trainee, accepted or not: the whole path (one query). A matter
    for staff: mentors and the trainee's own page do not show it."""
    if not is_staff_member(request.user):
        return None
    transfers = list(
        Transfer.objects.filter(trainee=trainee)
        .select_related("from_unit", "to_unit")
        .order_by("effective_on", "pk")
    )
    user = request.user
    can_draft = user.has_perm("careers.draft_transfer")
    if not transfers and not can_draft:
        return None
    return Panel(
        title=_("Career path"),
        template="careers/_path_panel.html",
        context={
            "transfers": transfers,
            "can_draft": can_draft,
            "staff": user.has_perm("careers.view_transfers"),
        },
    )


@register(order=66, section="career", audience=is_staff_member)
def follow_up_panel(request, trainee) -> Panel | None:
    """The yearly follow-up records after the training period (one query), for staff."""
    if not is_staff_member(request.user):
        return None
    records = list(FollowUp.objects.filter(trainee=trainee).order_by("-year"))
    can_record = request.user.has_perm("careers.record_follow_up")
    if not records and not can_record:
        return None
    return Panel(
        title=_("Follow-up after training"),
        template="careers/_follow_up_panel.html",
        context={"records": records, "can_record": can_record},
    )
