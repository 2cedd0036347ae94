"""The desk's buttons on other apps' pages (accounts/list_actions.py): exports on the lists,
the dashboard and the imports on the staff home. Permission checks ask the rules registry only,
so the pages keep their query counts."""

from __future__ import annotations

import rules
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.list_actions import ListAction, register


def can(user, perm: str) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or rules.has_perm(perm, user)))


@register("trainees", "rotations", "talent", "assessments", "feedback")
def export_actions(request, name: str, query) -> list[ListAction]:
    if not can(request.user, "office.export_data"):
        return []
    suffix = f"?{query.urlencode()}" if query else ""
    actions = [
        ListAction(
            _("Export to Excel"),
            reverse("office:export", args=[name]) + suffix,
            "bi-file-earmark-spreadsheet",
            f"export-{name}",
        )
    ]
    if name != "feedback":
        actions.append(
            ListAction(
                _("Export with full ID numbers…"),
                reverse("office:export_full", args=[name]) + suffix,
                "bi-shield-lock",
                f"export-full-{name}",
            )
        )
    return actions


@register("home")
def home_actions(request, name: str, query) -> list[ListAction]:
    actions = []
    if can(request.user, "office.view_dashboard"):
        actions.append(
            ListAction(
                _("Dashboard"),
                reverse("office:dashboard"),
                "bi-speedometer2",
                "home-dashboard",
            )
        )
    if can(request.user, "office.import_data"):
        actions.append(
            ListAction(
                _("Import a trainee roster"),
                reverse("office:import_upload", args=["trainees"]),
                "bi-upload",
                "home-import",
            )
        )
    return actions
