"""Reads for the rotation pages: coverage rows, timeline rows, warning texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from cadets.models import Trainee

from . import coverage as cov
from .models import PostCategory, Rotation, RotationRules, post_label

MSG_WARN_MISSING_LATE = _(
    "“{category}” not yet arranged, and only {months} free months are left for {needed} months "
    "of missing posts."
)
MSG_WARN_OVER_MAX = _("“{post}” held for {months} months, more than the maximum of {limit}.")
MSG_WARN_VILLAGE = _(
    "Village postings add up to {months} months, more than the maximum of {limit}."
)
MSG_WARN_GAP = _("No post from {start} to {end} ({months} months).")


@dataclass
class RuleSet:
    """The rules with what the pages need: the model row, the categories by id, the required."""

    rules: RotationRules
    categories: dict[int, PostCategory]
    required: list[PostCategory]

    @property
    def data(self) -> cov.Rules:
        return cov.Rules(
            required=[c.pk for c in self.required],
            min_months=self.rules.min_months_per_post,
            max_months=self.rules.max_months_per_post,
            village_max_months=self.rules.village_max_months,
        )


def rule_set(categories: list[PostCategory] | None = None) -> RuleSet:
    """One query: every category, each with whether the rules require it and the rules row's
    limits alongside (`rule_set_rows`; the rules row is a single row,
    `RotationRules.current()`). `categories`: those rows, when the caller has them already."""
    if categories is None:
        categories = rule_set_rows()
    categories = {c.pk: c for c in categories}
    first = next(iter(categories.values()), None)
    if first is None or first.rules_id is None:  # a fresh database: create the defaults
        rules = RotationRules.current()
        categories = {c.pk: c for c in PostCategory.objects.all()}
        required_ids = set(rules.required_categories.values_list("pk", flat=True))
    else:
        rules = RotationRules(
            pk=first.rules_id, **{name: getattr(first, f"rules_{name}") for name in RULE_FIELDS}
        )
        required_ids = {c.pk for c in categories.values() if c.required}
    required = [c for c in categories.values() if c.pk in required_ids]
    return RuleSet(rules=rules, categories=categories, required=required)


RULE_FIELDS = ["min_months_per_post", "max_months_per_post", "village_max_months"]


def rule_set_rows():
    """The categories of `rule_set`, annotated with the rules, as a queryset."""
    first_rules = RotationRules.objects.order_by("pk").values("pk")[:1]
    return PostCategory.objects.annotate(
        rules_id=Subquery(first_rules),
        required=Exists(
            RotationRules.required_categories.through.objects.filter(
                postcategory_id=OuterRef("pk"), rotationrules_id=Subquery(first_rules)
            )
        ),
        **{
            f"rules_{name}": Subquery(RotationRules.objects.order_by("pk").values(name)[:1])
            for name in RULE_FIELDS
        },
    )


def stints_of(rotations: Iterable[Rotation]) -> list[cov.Stint]:
    """Rotations (with post and category loaded) as coverage input."""
    return [
        cov.Stint(
            post=r.post,
            category=r.post.category_id,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            is_village=r.post.category.is_village,
        )
        for r in rotations
    ]


def coverage_of(
    trainee: Trainee, rotations: Iterable[Rotation], rule_set: RuleSet, today: dt.date
) -> cov.Coverage:
    return cov.compute_coverage(
        stints_of(rotations),
        rules=rule_set.data,
        training_starts=trainee.reported_on,
        training_ends=trainee.training_ends_on,
        today=today,
    )


def warning_texts(coverage: cov.Coverage, rule_set: RuleSet) -> list[str]:
    texts = []
    for warning in coverage.warnings:
        if warning.kind == cov.WarningKind.MISSING_LATE:
            texts.append(
                MSG_WARN_MISSING_LATE.format(
                    category=rule_set.categories[warning.category],
                    months=warning.months,
                    needed=int(warning.limit),
                )
            )
        elif warning.kind == cov.WarningKind.OVER_MAX:
            texts.append(
                MSG_WARN_OVER_MAX.format(
                    post=warning.post, months=warning.months, limit=int(warning.limit)
                )
            )
        elif warning.kind == cov.WarningKind.VILLAGE_OVER_MAX:
            texts.append(MSG_WARN_VILLAGE.format(months=warning.months, limit=int(warning.limit)))
        elif warning.kind == cov.WarningKind.GAP:
            texts.append(
                MSG_WARN_GAP.format(
                    start=warning.starts_on, end=warning.ends_on, months=warning.months
                )
            )
    return texts


# Overview pages (coverage list, timeline): one page of trainees and their rotations ---------

OVERVIEW_ORDER = ("township__code", "reported_on", "name", "pk")


def overview_trainees(trainees: QuerySet) -> QuerySet:
    """The filtered trainees as the overview pages list them: in OVERVIEW_ORDER, with what a
    row shows (name, dates, cohort and township). Their rotations come apart, as values
    (`overview_rotations`)."""
    return (
        trainees.select_related("cohort", "township")
        .only(
            "name",
            "reported_on",
            "training_ends_on",
            "cohort__name",
            "township__name",
            "township__code",
        )
        .order_by(*OVERVIEW_ORDER)
    )


@dataclass(frozen=True)
class PostRef:
    """A post as the overview pages read it: equal and hashed by id as a Post is, named as
    one is (models.post_label)."""

    pk: int
    label: str = field(compare=False)
    category: PostCategory = field(compare=False)

    @property
    def category_id(self) -> int:
        return self.category.pk

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class OverviewRotation:
    """A rotation as the overview pages read it, where they read a Rotation (`stints_of`,
    `timeline`, the coverage row's current post). A page of the province holds some 500
    rotations: read as values, they cost a fraction of what 500 rotations built as models with
    their posts, categories and villages cost."""

    starts_on: dt.date
    ends_on: dt.date | None
    post: PostRef

    # The model's own, so that the two cannot differ.
    period_display = Rotation.period_display
    is_current = Rotation.is_current


def overview_rotations(
    trainees: list[Trainee], rule_set: RuleSet
) -> dict[int, list[OverviewRotation]]:
    """The rotations of a page of trainees, by trainee id, each in date order: one query.
    Categories come from the rule set the page has loaded anyway."""
    rows = (
        Rotation.objects.filter(trainee__in=[t.pk for t in trainees])
        .order_by("starts_on", "pk")
        .values_list(
            "trainee_id",
            "starts_on",
            "ends_on",
            "post_id",
            "post__name",
            "post__village__name",
            "post__category_id",
        )
    )
    by_trainee: dict[int, list[OverviewRotation]] = {t.pk: [] for t in trainees}
    posts: dict[int, PostRef] = {}
    for trainee_id, starts_on, ends_on, post_id, name, village, category_id in rows:
        post = posts.get(post_id)
        if post is None:
            category = rule_set.categories[category_id]
            post = posts[post_id] = PostRef(post_id, post_label(name, village), category)
        by_trainee[trainee_id].append(OverviewRotation(starts_on, ends_on, post))
    return by_trainee


@dataclass
class CoverageCell:
    category: PostCategory
    state: str
    months: float


@dataclass
class CoverageRow:
    trainee: Trainee
    cells: list[CoverageCell]
    warnings: list[str]
    current: OverviewRotation | None


def coverage_rows(
    trainees: Iterable[Trainee],
    rotations: dict[int, list[OverviewRotation]],
    rule_set: RuleSet,
    today: dt.date,
):
    """One row per trainee; their rotations by trainee id (`overview_rotations`)."""
    rows = []
    for trainee in trainees:
        rotations_of = rotations[trainee.pk]
        result = coverage_of(trainee, rotations_of, rule_set, today)
        rows.append(
            CoverageRow(
                trainee=trainee,
                cells=[
                    CoverageCell(
                        category=rule_set.categories[c.category], state=c.state, months=c.months
                    )
                    for c in result.categories
                ],
                warnings=warning_texts(result, rule_set),
                current=next((r for r in rotations_of if r.is_current(today)), None),
            )
        )
    return rows


# Timeline -----------------------------------------------------------------------------------

TIMELINE_WIDTH = 1000  # SVG user units across the whole window


@dataclass
class Bar:
    x: float
    width: float
    colour: str
    label: str
    category: str
    planned: bool
    proposed: bool = False


@dataclass(frozen=True)
class ProposedStint:
    """A rotation the planner proposes (not in the database): drawn in its own bar style."""

    post: object  # a Post with its category loaded
    starts_on: dt.date
    ends_on: dt.date


@dataclass
class TimelineRow:
    trainee: Trainee
    bars: list[Bar]


@dataclass
class Tick:
    x: float
    label: str
    year_start: bool


@dataclass
class Timeline:
    starts_on: dt.date
    ends_on: dt.date
    rows: list[TimelineRow]
    ticks: list[Tick]
    today_x: float | None


def timeline(
    trainees: list[Trainee],
    today: dt.date,
    proposed: dict[int, list[ProposedStint]] | None = None,
    rotations: dict[int, list] | None = None,
) -> Timeline | None:
    """Bars positioned on a 0–1000 scale from the earliest report date to the latest training
    end (at least through today). `rotations`: by trainee id (`overview_rotations`); without
    them, the trainees' own, prefetched as `rotations` with post__category and post__village.
    `proposed` adds the planner's proposals (by trainee id) in a bar style of their own."""
    if not trainees:
        return None
    proposed = proposed or {}
    if rotations is None:
        rotations = {t.pk: list(t.rotations.all()) for t in trainees}
    start = min(t.reported_on for t in trainees).replace(day=1)
    ends = [t.training_ends_on for t in trainees]
    ends += [r.ends_on for rows in rotations.values() for r in rows if r.ends_on]
    ends += [p.ends_on for stints in proposed.values() for p in stints]
    end = max([*ends, today])
    total_days = (end - start).days + 1
    scale = TIMELINE_WIDTH / total_days

    def x_of(day: dt.date) -> float:
        return round(min(max((day - start).days, 0), total_days) * scale, 2)

    one_day = dt.timedelta(days=1)
    rows = []
    for trainee in trainees:
        bars = []
        for rotation in rotations[trainee.pk]:
            bar_end = rotation.ends_on or max(today, rotation.starts_on)
            x0, x1 = x_of(rotation.starts_on), x_of(bar_end + one_day)
            category = rotation.post.category
            bars.append(
                Bar(
                    x=x0,
                    width=max(round(x1 - x0, 2), 1.0),
                    colour=category.colour,
                    label=f"{rotation.post} · {rotation.period_display}",
                    category=category.name,
                    planned=rotation.starts_on > today,
                )
            )
        for stint in proposed.get(trainee.pk, ()):
            x0, x1 = x_of(stint.starts_on), x_of(stint.ends_on + one_day)
            bars.append(
                Bar(
                    x=x0,
                    width=max(round(x1 - x0, 2), 1.0),
                    colour=stint.post.category.colour,
                    label=f"{_('proposed')}: {stint.post} · {stint.starts_on} – {stint.ends_on}",
                    category=stint.post.category.name,
                    planned=True,
                    proposed=True,
                )
            )
        rows.append(TimelineRow(trainee=trainee, bars=bars))
    ticks = []
    month = start
    while month <= end:
        ticks.append(Tick(x=x_of(month), label=f"{month:%Y-%m}", year_start=month.month == 1))
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    today_x = x_of(today) if start <= today <= end else None
    return Timeline(starts_on=start, ends_on=end, rows=rows, ticks=ticks, today_x=today_x)
