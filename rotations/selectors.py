"""Reads for the rotation pages: coverage rows, timeline rows, warning texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.batch import Constant, fetch_together
from accounts.prepared import prepared_cursor
from cadets.models import Trainee

from . import coverage as cov
from .models import Post, PostCategory, Rotation, RotationRules

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
    limits alongside (the rules row is a single row, `RotationRules.current()`). None when the
    categories were fetched with other rows (`RULE_SET_ROWS`, accounts.batch)."""
    if categories is None:
        categories = fetch_together({"categories": RULE_SET_ROWS})["categories"]
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


# rule_set_rows() compiled once a process (accounts.batch.Constant): the same on every page.
RULE_SET_ROWS = Constant(rule_set_rows)


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


def overview_page(trainees: QuerySet, number, per_page: int) -> Page:
    """Page `number` of the filtered trainees (in OVERVIEW_ORDER) and their total, in one query.

    The page's ids are chosen in a subquery, which sorts only the trainees and their townships;
    cohort and township are joined to the rows shown only; the total is an uncorrelated scalar
    subquery, evaluated once. Only a page past the end (or no trainee at all) costs a COUNT and,
    past the end, the last page again."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    total = Subquery(
        trainees.order_by().values(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    )

    def rows_of(number: int) -> list[Trainee]:
        ids = trainees.order_by(*OVERVIEW_ORDER).values("pk")[
            (number - 1) * per_page : number * per_page
        ]
        return list(
            Trainee.objects.filter(pk__in=ids)
            .annotate(overview_total=total)
            .select_related("cohort", "township")
            .only("name", "reported_on", "training_ends_on", "cohort__name", "township__name")
            .order_by(*OVERVIEW_ORDER)
        )

    rows = rows_of(number)
    if rows:
        count = rows[0].overview_total
    else:
        count = trainees.count()
        if count:
            number = (count - 1) // per_page + 1
            rows = rows_of(number)
    # range(count) stands in for the list: the paginator takes its length, fetches nothing.
    return Page(rows, number, Paginator(range(count), per_page))


@dataclass(frozen=True, slots=True)
class PostRef:
    """What the overview pages show of a post: its name as `Post.__str__` gives it, its
    category (from `rule_set`)."""

    pk: int
    name: str
    category: PostCategory
    village: str | None

    @property
    def category_id(self) -> int:
        return self.category.pk

    def __str__(self) -> str:
        return f"{self.village} · {self.name}" if self.village else self.name


@dataclass(frozen=True, slots=True)
class RotationRef:
    """A rotation as the overview pages use it (the model's own display and rules)."""

    pk: int
    post: PostRef
    starts_on: dt.date
    ends_on: dt.date | None

    period_display = Rotation.period_display
    is_current = Rotation.is_current


def overview_rotations(
    trainees: Sequence[Trainee], rule_set: RuleSet
) -> dict[int, list[RotationRef]]:
    """The rotations of `trainees` by trainee id, in date order, as plain values, with their
    posts; categories come from `rule_set`.

    On PostgreSQL one hand-written, prepared statement (accounts/prepared.py): compiling the
    two ORM queries took longer than running them, and a plain join of rotations and posts was
    answered by hashing every post of the province — the statement hands PostgreSQL the page's
    post ids first, so it reads those posts by their key. Elsewhere the ORM's two narrow
    queries; tests/rotations/test_overview_rotations.py checks that both give the same."""
    by_trainee: dict[int, list[RotationRef]] = {t.pk: [] for t in trainees}
    if not trainees:
        return by_trainee
    if connection.vendor == "postgresql":
        with prepared_cursor() as cursor:
            cursor.execute(_OVERVIEW_ROTATIONS_SQL, {"trainees": list(by_trainee)})
            rows = cursor.fetchall()
    else:
        rows = _overview_rotation_rows(list(by_trainee))
    categories = rule_set.categories
    posts: dict[int, PostRef] = {}
    for pk, trainee_id, post_id, starts_on, ends_on, name, category_id, village in rows:
        post = posts.get(post_id)
        if post is None:
            post = posts[post_id] = PostRef(
                pk=post_id, name=name, category=categories[category_id], village=village
            )
        by_trainee[trainee_id].append(
            RotationRef(pk=pk, post=post, starts_on=starts_on, ends_on=ends_on)
        )
    return by_trainee


_OVERVIEW_ROTATIONS_SQL = """
    SELECT r.id, r.trainee_id, r.post_id, r.starts_on, r.ends_on,
           p.name, p.category_id, v.name
      FROM rotations_rotation r
      JOIN rotations_post p ON p.id = r.post_id
      LEFT JOIN accounts_orgunit v ON v.id = p.village_id
     WHERE r.trainee_id = ANY(%(trainees)s::bigint[])
       AND p.id = ANY(ARRAY(SELECT post_id FROM rotations_rotation
                             WHERE trainee_id = ANY(%(trainees)s::bigint[])))
     ORDER BY r.starts_on, r.id
"""


def _overview_rotation_rows(trainee_ids: list[int]) -> list[tuple]:
    """The rows of _OVERVIEW_ROTATIONS_SQL through the ORM."""
    of_trainees = Rotation.objects.filter(trainee_id__in=trainee_ids)
    rotations = of_trainees.order_by("starts_on", "pk").values_list(
        "pk", "trainee_id", "post_id", "starts_on", "ends_on"
    )
    posts = Post.objects.filter(pk__in=of_trainees.values("post_id")).order_by()
    columns = ("pk", "name", "category_id", "village__name")
    posts = {pk: rest for pk, *rest in posts.values_list(*columns)}
    return [(*rotation, *posts[rotation[2]]) for rotation in rotations]


def _rotations_of(trainee: Trainee, rotations: dict[int, list] | None) -> list:
    """The trainee's rotations: from `overview_rotations`, or prefetched (`rotations`)."""
    return rotations[trainee.pk] if rotations is not None else list(trainee.rotations.all())


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
    current: Rotation | RotationRef | None

    @property
    def cells_html(self) -> SafeString:
        """The row's badges, written here rather than by a template loop (issue 9)."""
        months = escape(str(_("months")))
        return mark_safe(  # noqa: S308 -- every text is escaped
            "".join(
                f'<span class="badge coverage-{escape(c.state)}"'
                f' title="{escape(localize(c.months))} {months}">{escape(c.category.name)}</span>'
                for c in self.cells
            )
        )

    @property
    def warnings_html(self) -> SafeString:
        """The row's warnings, the markup of rotations/_warnings.html."""
        if not self.warnings:
            return mark_safe("")
        items = "".join(
            f'<li><i class="bi bi-exclamation-triangle"></i> {escape(str(w))}</li>'
            for w in self.warnings
        )
        return mark_safe(  # noqa: S308 -- every text is escaped
            '<ul class="list-unstyled small text-danger mb-0 mt-2"'
            f' data-testid="coverage-warnings">{items}</ul>'
        )


def coverage_rows(
    trainees: Iterable[Trainee],
    rule_set: RuleSet,
    today: dt.date,
    rotations: dict[int, list] | None = None,
):
    """One row per trainee; their rotations from `rotations` (`overview_rotations`) or, without
    it, prefetched as `rotations` with post__category."""
    rows = []
    for trainee in trainees:
        rotations_of = _rotations_of(trainee, rotations)
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

    @property
    def bars_svg(self) -> SafeString:
        """The row's bars as SVG, built here rather than in a template loop: a province's
        timeline has thousands of bars (issue 9). Numbers and colours (validated #rrggbb) go in
        as they are; the texts are escaped."""
        return mark_safe("".join(_bar_svg(bar) for bar in self.bars))  # noqa: S308


def _bar_svg(bar: Bar) -> str:
    style = " bar-proposed" if bar.proposed else " bar-planned" if bar.planned else ""
    testid = "proposed-bar" if bar.proposed else "bar"
    return (
        f'<rect x="{bar.x}" y="2" width="{bar.width}" height="16" fill="{escape(bar.colour)}"'
        f' class="bar{style}" data-testid="{testid}" data-category="{escape(bar.category)}">'
        f"<title>{escape(bar.label)}</title></rect>"
    )


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

    @property
    def grid_svg(self) -> SafeString:
        """The month grid's lines: drawn once per page, reused by every row (`<use>`)."""
        return mark_safe(  # noqa: S308 -- numbers only
            "".join(
                f'<line x1="{t.x}" x2="{t.x}" y1="0" y2="20"'
                f' class="{"grid-year" if t.year_start else "grid-month"}"/>'
                for t in self.ticks
            )
        )

    @property
    def labels_svg(self) -> SafeString:
        """Every third month's label (YYYY-MM) on the axis."""
        return mark_safe(  # noqa: S308 -- numbers and dates only
            "".join(
                f'<text x="{t.x}" y="20" class="{"tick-year" if t.year_start else "tick-label"}">'
                f"{t.label}</text>"
                for t in self.ticks[::3]
            )
        )


def timeline(
    trainees: list[Trainee],
    today: dt.date,
    proposed: dict[int, list[ProposedStint]] | None = None,
    rotations: dict[int, list] | None = None,
) -> Timeline | None:
    """Bars positioned on a 0–1000 scale from the earliest report date to the latest training
    end (at least through today). The trainees' rotations come from `rotations`
    (`overview_rotations`) or, without it, prefetched as `rotations` with post__category.
    `proposed` adds the planner's proposals (by trainee id) in a bar style of their own."""
    if not trainees:
        return None
    proposed = proposed or {}
    rotations_by = {t.pk: _rotations_of(t, rotations) for t in trainees}
    start = min(t.reported_on for t in trainees).replace(day=1)
    ends = [t.training_ends_on for t in trainees]
    ends += [r.ends_on for rows in rotations_by.values() for r in rows if r.ends_on]
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
        for rotation in rotations_by[trainee.pk]:
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
