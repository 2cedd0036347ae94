"""The trainee page's "assessments" section: grades over time and outcomes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from cadets.panels import Panel, register

from .models import Outcome
from .selectors import trainee_history_queryset


def _shown_to(user) -> bool:
    return not (user.role == Role.MENTOR and not user.is_superuser)


@register(order=60, section="evaluation", audience=_shown_to)
def assessments_panel(request, trainee) -> Panel | None:
    """Organisation department staff see every assessment with its confirmed grade; everyone
    else (the trainee, the receiving unit) only published results. Mentors see their ratings
    on their own page, not here."""
    user = request.user
    if not _shown_to(user):
        return None
    staff = user.has_perm("assessments.confirm_grade")
    own = trainee.user_id == user.pk
    return Panel(
        title=_("My assessments") if own else _("Assessment history"),
        template="assessments/_trainee_panel.html",
        context={
            "assessments": trainee_history_queryset(trainee, published_only=not staff),
            "outcomes": Outcome.objects.filter(trainee=trainee).order_by("-decided_on"),
            "staff": staff,
            "own": own,
            "can_record": user.has_perm("assessments.record_outcome"),
        },
    )
