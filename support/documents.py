"""What care and support adds to the growth file (office/documents.py calls this): the
difficulties raised and who owns them, leaders' visits and talks, the entitlements, and the
field research reports (国情调研) of cadets' work reports."""

from __future__ import annotations

from cadets.models import Trainee, WorkReport

from .models import CareRecord, Difficulty, Entitlement


def growth_file_part(trainee: Trainee, user) -> dict:
    return {
        "support_difficulties": list(
            Difficulty.objects.visible_to(user)
            .filter(trainee=trainee)
            .select_related("owner")
            .order_by("raised_on", "pk")
        ),
        "support_care": list(
            CareRecord.objects.visible_to(user).filter(trainee=trainee).order_by("held_on")
        ),
        "support_entitlements": list(
            Entitlement.objects.visible_to(user).filter(trainee=trainee).select_related("type")
        ),
        "support_research": list(
            WorkReport.objects.visible_to(user)
            .filter(trainee=trainee, kind=WorkReport.Kind.RESEARCH)
            .order_by("period")
        ),
    }
