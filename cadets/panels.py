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

A panel that shows rows says which with `rows=` instead of querying them itself, and receives
them as its third argument:

    @register(order=30, rows=lambda request, trainee: {"tasks": trainee.key_tasks.all()})
    def key_tasks_panel(request, trainee, rows):
        return Panel(..., context={"tasks": rows["tasks"]})

The querysets of every panel (and the page's own, `also=`) are fetched together in one query
(accounts.batch.fetch_together): at province scale (issue 9) the page's query count stays the
same whatever the number of panels and rows — the query-count tests of the trainee page pin it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy

from accounts.batch import fetch_together

PanelProvider = Callable[..., "Panel | None"]
RowsOf = Callable[..., "dict[str, QuerySet]"]
_providers: list[tuple[int, PanelProvider, RowsOf | None]] = []


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    # Bootstrap column classes; panels are full width unless they say otherwise.
    width: str = "col-12"


def register(
    order: int = 50, rows: RowsOf | None = None
) -> Callable[[PanelProvider], PanelProvider]:
    def decorator(provider: PanelProvider) -> PanelProvider:
        if all(existing is not provider for _, existing, _rows in _providers):
            _providers.append((order, provider, rows))
            _providers.sort(key=lambda item: item[0])
        return provider

    return decorator


def panels_for(request, trainee) -> list[Panel]:
    return panels_with(request, trainee, also={})[0]


def panels_with(request, trainee, *, also: dict[str, QuerySet]) -> tuple[list[Panel], dict]:
    """The panels, and the results of the page's own querysets `also`, from one query."""
    fetched = fetch_together(panel_querysets(request, trainee, also=also), prepare=True)
    return panels_from(request, trainee, fetched)


def panel_querysets(request, trainee, *, also: dict[str, QuerySet]) -> dict[str, QuerySet]:
    """Every panel's querysets, named "<panel>.<name>", and the page's own as "page.<name>"."""
    wanted = {f"page.{name}": qs for name, qs in also.items()}
    for position, (_, _provider, rows_of) in enumerate(_providers):
        if rows_of is not None:
            for name, qs in (rows_of(request, trainee) or {}).items():
                wanted[f"{position}.{name}"] = qs
    return wanted


def panels_from(request, trainee, fetched: dict[str, list]) -> tuple[list[Panel], dict]:
    """The panels built from their fetched rows (named as by `panel_querysets`)."""
    panels = []
    for position, (_, provider, rows_of) in enumerate(_providers):
        if rows_of is None:
            panel = provider(request, trainee)
        else:
            prefix = f"{position}."
            rows = {k[len(prefix) :]: v for k, v in fetched.items() if k.startswith(prefix)}
            panel = provider(request, trainee, rows)
        if panel is not None:
            panels.append(panel)
    return panels, {k[len("page.") :]: v for k, v in fetched.items() if k.startswith("page.")}


def _plan_rows(request, trainee) -> dict[str, QuerySet]:
    return {
        "plans": trainee.plans.select_related("approved_by").annotate(
            milestones_due=Count("milestones", filter=Q(milestones__done_on__isnull=True))
        )
    }


@register(order=10, rows=_plan_rows)
def plan_panel(request, trainee, rows) -> Panel:
    """The training plan's section of the trainee page (cadets/plan_views.py has the pages)."""
    versions = rows["plans"]
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
