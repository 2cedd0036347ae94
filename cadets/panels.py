"""Sections of the trainee page contributed by other apps.

cadets may not import mentors, rotations or assessments (imports flow one way), yet the trainee
page shows their records. So each app registers panels in its own `panels.py`:

    from cadets.panels import Panel, register

    @register(order=20, section="training")
    def rotations_panel(request, trainee):
        return Panel(title=_("Rotations"), template="rotations/_trainee_panel.html",
                     context={...})   # or None when there is nothing to show

`CadetsConfig.ready()` imports every app's `panels` module. The trainee page (staff view and
the trainee's own 我的 page) is split into SECTIONS, each an ordinary page of its own
(`cadets:trainee_section`, `cadets:me_section`; the overview is `cadets:trainee_detail` and
`cadets:me`). A request runs the providers of its section only, so a section's queries stay
within the dozen a page may run however many panels the apps add, and a panel whose read is
audited is read only when its section is shown.

Each provider runs its own small ORM query (one, or two at most) for the rows it shows, so a
panel is read on its own and tested on its own; the query-count tests pin each section's total
(tests/cadets/test_trainee_sections.py). Anything that links to a panel asks `panel_url()`,
which knows the section the panel is in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

PanelProvider = Callable[..., "Panel | None"]
Audience = Callable[..., bool]


@dataclass(frozen=True)
class Section:
    key: str
    title: str


# The tabs of the trainee page, in order. The first is the page at the trainee's own URL.
SECTIONS = (
    Section("overview", gettext_lazy("Overview")),
    Section("training", gettext_lazy("Training and practice")),
    Section("daily", gettext_lazy("Daily management")),
    Section("evaluation", gettext_lazy("Assessment and conduct")),
    Section("support", gettext_lazy("Care and support")),
    Section("career", gettext_lazy("Career")),
)
OVERVIEW = SECTIONS[0].key
SECTION_KEYS = tuple(section.key for section in SECTIONS)


@dataclass(frozen=True)
class Registration:
    order: int
    section: str
    provider: PanelProvider
    # Who may ever see the panel, from the user alone and without a query: it decides which
    # tabs are offered. The provider still decides, with its query, whether it shows.
    audience: Audience

    @property
    def key(self) -> str:
        """The panel's name in links and its element id: `reports_panel` → `reports`."""
        return self.provider.__name__.removesuffix("_panel")


_registrations: list[Registration] = []


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    # Bootstrap column classes; panels are full width unless they say otherwise.
    width: str = "col-12"
    # Set by panels_for: the registration's key, the id of the panel's card.
    key: str = ""


def everyone(user) -> bool:
    return True


def register(
    order: int = 50, *, section: str, audience: Audience = everyone
) -> Callable[[PanelProvider], PanelProvider]:
    """Register `provider(request, trainee) -> Panel | None` at position `order` of `section`
    (a key of SECTIONS); `audience(user)` says, without a query, whether the user may ever see
    it (which tabs to offer)."""
    if section not in SECTION_KEYS:
        raise ValueError(f"Unknown section of the trainee page: {section!r}")

    def decorator(provider: PanelProvider) -> PanelProvider:
        if all(existing.provider is not provider for existing in _registrations):
            _registrations.append(Registration(order, section, provider, audience))
            _registrations.sort(key=lambda item: item.order)
        return provider

    return decorator


def panels_for(request, trainee, section: str = OVERVIEW) -> list[Panel]:
    """The panels of `section` that have something to show, in order. Only this section's
    providers run."""
    panels = []
    for registration in _registrations:
        if registration.section != section:
            continue
        panel = registration.provider(request, trainee)
        if panel is not None:
            panel.key = registration.key
            panels.append(panel)
    return panels


def sections_for(user) -> list[Section]:
    """The tabs offered to `user`: the overview, and each section with a panel the user may
    ever see (no query)."""
    offered = {r.section for r in _registrations if r.audience(user)}
    return [s for s in SECTIONS if s.key == OVERVIEW or s.key in offered]


def section_of(panel_key: str) -> str:
    for registration in _registrations:
        if registration.key == panel_key:
            return registration.section
    raise LookupError(f"No trainee-page panel named {panel_key!r}")


def section_url(trainee_pk: int | None, section: str = OVERVIEW) -> str:
    """The URL of a section of a trainee's page; `trainee_pk=None` for the trainee's own 我的."""
    if trainee_pk is None:
        if section == OVERVIEW:
            return reverse("cadets:me")
        return reverse("cadets:me_section", args=[section])
    if section == OVERVIEW:
        return reverse("cadets:trainee_detail", args=[trainee_pk])
    return reverse("cadets:trainee_section", args=[trainee_pk, section])


def panel_url(trainee_pk: int | None, panel_key: str) -> str:
    """Where a panel is: its section's page, scrolled to the panel (`reports` →
    `/trainees/7/daily/#reports`). `trainee_pk=None` for the trainee's own 我的."""
    return f"{section_url(trainee_pk, section_of(panel_key))}#{panel_key}"


class SectionConverter:
    """The `<section:section>` of the section URLs: a key of SECTIONS other than the overview
    (which is the trainee's own URL); any other word is no URL at all (404)."""

    regex = "|".join(key for key in SECTION_KEYS if key != OVERVIEW)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


@register(order=10, section="overview")
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
