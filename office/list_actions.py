"""The desk's buttons on other apps' pages (accounts/list_actions.py): exports on the lists,
the dashboard and the imports on the staff home. Permission checks ask the rules registry only,
so the pages keep their query counts; the links are reversed once (accounts/reversing.py)."""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from accounts.list_actions import ListAction, register
from accounts.reversing import cached_reverse


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
            cached_reverse("office:export", (name,)) + suffix,
            "bi-file-earmark-spreadsheet",
            f"export-{name}",
        )
    ]
    if name != "feedback":
        actions.append(
            ListAction(
                _("Export with full ID numbers…"),
                cached_reverse("office:export_full", (name,)) + suffix,
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
                cached_reverse("office:dashboard"),
                "bi-speedometer2",
                "home-dashboard",
            )
        )
    if can(request.user, "office.import_data"):
        actions.append(
            ListAction(
                _("Import a trainee roster"),
                cached_reverse("office:import_upload", ("trainees",)),
                "bi-upload",
                "home-import",
            )
        )
    return actions
