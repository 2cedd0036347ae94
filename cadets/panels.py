"""Sections of the trainee page contributed by other apps.

cadets may not import mentors, rotations or assessments (imports flow one way), yet the trainee
page shows their records. So each app registers panels in its own `panels.py`:

    from cadets.panels import Panel, register

    @register(order=20)
    def rotations_panel(request, trainee):
        return Panel(title=_("Rotations"), template="rotations/_trainee_panel.html",
                     context={...})   # or None when there is nothing to show

`CadetsConfig.ready()` imports every app's `panels` module; the trainee page (staff view and the
trainee's own 我的 page) renders the panels in order.

Each provider runs its own small ORM query (one, or two at most) for the rows it shows, so a
panel is read on its own and tested on its own; the trainee page's query-count test pins the
total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

PanelProvider = Callable[..., "Panel | None"]
_providers: list[tuple[int, PanelProvider]] = []


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    # Bootstrap column classes; panels are full width unless they say otherwise.
    width: str = "col-12"


def register(order: int = 50) -> Callable[[PanelProvider], PanelProvider]:
    """Register `provider(request, trainee) -> Panel | None` at position `order`."""

    def decorator(provider: PanelProvider) -> PanelProvider:
        if all(existing is not provider for _, existing in _providers):
            _providers.append((order, provider))
            _providers.sort(key=lambda item: item[0])
        return provider

    return decorator


def panels_for(request, trainee) -> list[Panel]:
    """The panels that have something to show, in order."""
    panels = (provider(request, trainee) for _, provider in _providers)
    return [panel for panel in panels if panel is not None]


@register(order=10)
def plan_panel(request, trainee) -> Panel:
    """The training plan's section of the trainee page (cadets/plan_views.py has the pages)."""
    versions = list(
        trainee.plans.select_related("approved_by").annotate(
            milestones_due=Count("milestones", filter=Q(milestones__done_on__isnull=True))
        )
    )
    in_force = [p for p in versions if p.is_in_force]
    plan = in_force[0] if in_force else (versions[0] if versions else None)
    return Panel(
        title=gettext_lazy("Training plan"),
        template="cadets/_plan_panel.html",
        context={
            "plan": plan,
            "open_version": next((p for p in versions if p.is_open), None),
            "milestones_due": plan.milestones_due if plan else 0,
        },
        width="col-12",
    )


# cadets' own panels (leave and work reports) register from their module.
from . import daily_panels  # noqa: E402, F401
