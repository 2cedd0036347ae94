"""The growth file's career section (office/documents.py asks for it; the markup is
careers/_growth_file_section.html)."""

from __future__ import annotations

from .models import FollowUp, FollowUpClosure, Transfer


def growth_file_part(trainee_id: int, user) -> dict:
    """The transfers, follow-up years and closure of one trainee, through the reader's scope."""
    return {
        "transfers": list(
            Transfer.objects.visible_to(user)
            .filter(trainee_id=trainee_id)
            .select_related("from_unit", "to_unit")
            .order_by("effective_on", "pk")
        ),
        "follow_ups": list(
            FollowUp.objects.visible_to(user).filter(trainee_id=trainee_id).order_by("year")
        ),
        "closure": FollowUpClosure.objects.visible_to(user).filter(trainee_id=trainee_id).first(),
    }
