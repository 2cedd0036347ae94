"""The figures of the dashboard, for whoever asks, through the scoping of every app.

Each section is a queryset that the database counts (GROUP BY, conditional counts, bounded
lists) and a function that turns its rows into what the template shows; `dashboard_data` runs
the querysets together (accounts.batch.fetch_together), so the page costs the same few queries
whatever the number of rows (pinned by tests/office/test_dashboard.py). What is due and
overdue comes from the reminder providers in a request of its own, which the page makes once
shown. Links go to the filtered list behind each figure.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Prefetch,
    Q,
)
from django.db.models.expressions import OuterRef, RawSQL, Subquery, Value, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import trainee_q, units_q
from assessments.models import Assessment, AssessmentCycle, Grade
from assessments.scoring import excellent_quota
from cadets.models import LeaveRequest, Trainee
from mentors.models import MentoringConfig, Mentorship, MonthlyFeedback, month_start, next_month
from notifications.due import DueItem, DueRows, SweepContext, providers
from notifications.models import ReminderSettings
from rotations.models import Rotation
from rotations.selectors import coverage_of, rule_set, rule_set_rows


def fetch_together(querysets: dict) -> dict:  # accounts.batch is gone (h16a); h16b rewrites this
    return {name: list(queryset) for name, queryset in querysets.items()}


FEEDBACK_MONTHS = 6
DUE_HORIZON_DAYS = 14
LIST_LIMIT = 10
CYCLES_SHOWN = 6

FEEDBACK_STATE_LABELS = {
    "submitted": _("Submitted"),
    "overdue": _("Missing"),
    "pending": _("Not yet due"),
}


@dataclass
class Bar:
    label: str
    value: int
    url: str = ""
    extra: dict = field(default_factory=dict)


def chart_json(kind: str, bars: list[Bar], *, label: str = "", **options) -> str:
    """The `data-chart` attribute read by static/js/charts.js: one dataset, a link per bar."""
    return json.dumps(
        {
            "type": kind,
            "labels": [b.label for b in bars],
            "datasets": [{"label": str(label), "data": [b.value for b in bars]}],
            "links": [b.url for b in bars],
            **options,
        },
        ensure_ascii=False,
    )


def _list_url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


# The area one level below the user's unit: counties for the city, townships for a county,
# villages for a township.
AREA_BELOW = {
    OrgUnit.Kind.PROVINCE: "county",
    OrgUnit.Kind.CITY: "county",
    OrgUnit.Kind.COUNTY: "township",
    OrgUnit.Kind.TOWNSHIP: "village",
}


def area_field(user) -> str:
    unit = getattr(user, "org_unit", None)
    return AREA_BELOW.get(unit.kind, "county") if unit is not None else "county"


# Sections fetched by statements of their own, the rest together. PostgreSQL compiles a
# statement it estimates dear (jit_above_cost, 100,000) before running it, which at province
# scale took longer (0.4 s) than running the whole batch; apart, each stays below.
STATEMENTS = [("warned",), ("cycles",)]


def dashboard_data(user, today: dt.date) -> dict:
    """Every section but "due and overdue" from ONE query (accounts.batch.fetch_together): the
    figures are counted by the database (GROUP BY, conditional counts), lists are bounded. The
    due and overdue items come from the reminder providers in a request of their own
    (`due_and_overdue`, loaded by the page once it is shown)."""
    months = last_months(today)
    flagged = flagged_records(user, months)
    sections = {
        "trainees": trainee_count_rows(user),
        "categories": rule_set_rows(),
        "started": started_rows(user, today),
        "warned": warned_rows(user, today),
        "mentoring": MentoringConfig.objects.order_by("pk")[:1],
        "heat": heat_counts(user, months),
        "flagged": flagged[:LIST_LIMIT],
        "flagged_count": flagged.order_by().values("needs_attention").annotate(n=Count("pk")),
        "cycles": latest_cycles(user),
        "away": _away(user, today)[:LIST_LIMIT],
        "leave_counts": leave_counts(user, today),
    }
    rows = {}
    for names in STATEMENTS:
        rows |= fetch_together({name: sections.pop(name) for name in names})
    rows |= fetch_together(sections)
    config = rows["mentoring"][0] if rows["mentoring"] else MentoringConfig.current()
    counts = trainee_counts(user, rows["trainees"])
    training = counts["by_status_value"].get(Trainee.Status.TRAINING, 0)
    if "warned" not in rows:  # not PostgreSQL: the coverage of each trainee, in Python
        rows["warned"] = [{"status": "", "n": _warned_in_python(user, today)}]
    feedback = heat_map(rows["heat"], months, config, today)
    feedback.flagged = rows["flagged"]
    feedback.flagged_count = sum(row["n"] for row in rows["flagged_count"])
    data = {
        "today": today,
        **counts,
        "coverage": coverage_summary(
            rule_set(rows["categories"]),
            started={row["category"]: row["n"] for row in rows["started"]},
            trainees=training,
            warned=sum(row["n"] for row in rows["warned"]),
        ),
        "feedback": feedback,
        "grades": grade_distribution(rows["cycles"]),
        "leave": leave_in_progress(rows["away"], rows["leave_counts"]),
    }
    data["heat_tables"] = heat_tables(feedback)
    return data


def heat_tables(feedback: Completion) -> list:
    return [
        (_("By mentor"), feedback.by_mentor, "heat-mentor"),
        (_("By township"), feedback.by_township, "heat-township"),
    ]


# Trainees by area, cohort and status ---------------------------------------------------------


def trainee_count_rows(user):
    """Trainees counted by area, cohort and status."""
    area = area_field(user)
    return (
        Trainee.objects.visible_to(user)
        .order_by()
        .values(
            f"{area}_id",
            f"{area}__name",
            f"{area}__code",
            "cohort_id",
            "cohort__name",
            "cohort__year",
            "status",
        )
        .annotate(n=Count("pk"))
    )


def trainee_counts(user, rows) -> dict:
    """The counts by area, cohort and status (`trainee_count_rows`), summed three ways."""
    area = area_field(user)
    by_area: dict = {}
    by_cohort: dict = {}
    by_status: dict = defaultdict(int)
    training = Trainee.Status.TRAINING
    for row in rows:
        area_id, status, n = row[f"{area}_id"], row["status"], row["n"]
        a = by_area.setdefault(
            area_id,
            {"name": row[f"{area}__name"], "code": row[f"{area}__code"] or "", "total": 0,
             "training": 0},
        )  # fmt: skip
        a["total"] += n
        c = by_cohort.setdefault(
            row["cohort_id"],
            {"name": row["cohort__name"], "year": row["cohort__year"], "total": 0, "training": 0},
        )
        c["total"] += n
        if status == training:
            a["training"] += n
            c["training"] += n
        by_status[status] += n
    linkable = area in ("county", "township")
    areas = [
        Bar(
            label=values["name"] or str(_("Not placed in a village")),
            value=values["total"],
            url=_list_url("cadets:trainee_list", **{area: area_id}) if linkable and area_id else "",
            extra={"training": values["training"]},
        )
        for area_id, values in sorted(by_area.items(), key=lambda item: item[1]["code"])
    ]
    cohorts = [
        Bar(
            label=values["name"],
            value=values["total"],
            url=_list_url("cadets:trainee_list", cohort=cohort_id),
            extra={"training": values["training"]},
        )
        for cohort_id, values in sorted(by_cohort.items(), key=lambda item: -item[1]["year"])
    ]
    statuses = [
        Bar(label=str(label), value=by_status.get(value, 0),
            url=_list_url("cadets:trainee_list", status=value))
        for value, label in Trainee.Status.choices
    ]  # fmt: skip
    return {
        "area_field": area,
        "total": sum(by_status.values()),
        "by_area": areas,
        "by_cohort": cohorts,
        "by_status": statuses,
        "by_status_value": dict(by_status),
        "area_chart": chart_json("bar", areas, label=_("Trainees")),
        "status_chart": chart_json("doughnut", [s for s in statuses if s.value]),
    }


# Rotation coverage --------------------------------------------------------------------------


def coverage_summary(rules, *, started: dict[int, int], trainees: int, warned: int) -> dict:
    """Share of the trainees in training who have served or are serving each required category
    (rotations.coverage): `started` counts them per category, `warned` those with a warning."""
    n = trainees
    bars = [
        Bar(
            label=category.name,
            value=round(100 * started.get(category.pk, 0) / n) if n else 0,
            url=_list_url("rotations:coverage_list", lacking=category.pk),
            extra={
                "started": started.get(category.pk, 0),
                "lacking": n - started.get(category.pk, 0),
            },
        )
        for category in rules.required
    ]
    return {
        "trainees": n,
        "with_warnings": warned,
        "categories": bars,
        "chart": chart_json("bar", bars, label=_("On track (%)"), horizontal=True, max=100),
    }


def started_rows(user, today: dt.date):
    """Trainees in training who have served or are serving each category, per category: a
    rotation begun by today (rotations.coverage: CURRENT or SERVED)."""
    return (
        Rotation.objects.visible_to(user)
        .filter(trainee__status=Trainee.Status.TRAINING)
        .filter(Q(starts_on__lte=today) | Q(ends_on__lt=today))
        .order_by()
        .values(category=F("post__category_id"))
        .annotate(n=Count("trainee_id", distinct=True))
    )


def warned_rows(user, today: dt.date):
    """How many trainees in training have a coverage warning, counted by the database; None
    off PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    return warned_trainees(user, today).order_by().values("status").annotate(n=Count("pk"))


def warned_trainees(user, today: dt.date):
    """Trainees in training in scope with any warning of rotations.coverage (WARNED_SQL,
    PostgreSQL only)."""
    trainees = (
        Trainee.objects.visible_to(user)
        .filter(status=Trainee.Status.TRAINING)
        .order_by()
        .values("id", "reported_on", "training_ends_on")
    )
    sql, params = trainees.query.sql_with_params()
    # The statement is WARNED_SQL around SQL compiled by Django; every value is a parameter.
    warned = RawSQL(WARNED_SQL.format(trainees=sql), (*params, today))  # noqa: S611
    return Trainee.objects.filter(pk__in=warned)


# rotations.coverage.compute_coverage in SQL, for every trainee at once: a trainee is listed
# when any of its warnings applies. Months are days / (365.25 / 12), rounded to one decimal
# where the Python rounds; a stint's "covered to" is the latest end of the stints before it in
# (starts_on, ends_on) order — the cursor of `_gaps`. tests/office/test_dashboard_coverage.py
# compares it with compute_coverage on generated rotations.
WARNED_SQL = """
WITH tr AS ({trainees}),
today AS (SELECT %s::date AS d),
rules AS (SELECT id, min_months_per_post AS min_m, max_months_per_post AS max_m,
                 village_max_months AS village_m
            FROM rotations_rotationrules ORDER BY id LIMIT 1),
req AS (SELECT rc.postcategory_id AS category_id
          FROM rotations_rotationrules_required_categories rc
          JOIN rules ON rules.id = rc.rotationrules_id),
st AS (
  SELECT r.trainee_id, r.post_id, p.category_id, c.is_village, r.starts_on, r.ends_on,
         tr.reported_on, today.d AS today,
         CASE WHEN COALESCE(r.ends_on, today.d) < r.starts_on THEN 0
              ELSE (COALESCE(r.ends_on, today.d) - r.starts_on + 1) / 30.4375 END AS months,
         CASE WHEN r.ends_on >= GREATEST(r.starts_on, today.d)
              THEN (r.ends_on - GREATEST(r.starts_on, today.d) + 1) / 30.4375 ELSE 0 END
           AS future,
         GREATEST(tr.reported_on, MAX(COALESCE(r.ends_on, 'infinity'::date)) OVER (
           PARTITION BY r.trainee_id ORDER BY r.starts_on, r.ends_on NULLS LAST
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1) AS cursor,
         LEAST(tr.training_ends_on - 1, GREATEST(today.d, MAX(COALESCE(r.ends_on, today.d))
           OVER (PARTITION BY r.trainee_id))) AS horizon
    FROM rotations_rotation r
    JOIN tr ON tr.id = r.trainee_id
    JOIN rotations_post p ON p.id = r.post_id
    JOIN rotations_postcategory c ON c.id = p.category_id
    CROSS JOIN today),
posts AS (
  SELECT trainee_id, bool_or(is_village) AS village, SUM(months) AS months
    FROM st GROUP BY trainee_id, post_id),
over_max AS (
  SELECT trainee_id FROM posts CROSS JOIN rules
   WHERE NOT posts.village AND ROUND(posts.months, 1) > rules.max_m GROUP BY trainee_id),
per AS (
  SELECT tr.id,
         CASE WHEN today.d <= tr.training_ends_on - 1
              THEN ROUND((tr.training_ends_on - today.d) / 30.4375, 1) ELSE 0 END AS months_left,
         (SELECT COUNT(*) FROM req) - COUNT(DISTINCT st.category_id)
           FILTER (WHERE st.category_id IN (SELECT category_id FROM req)) AS missing,
         COALESCE(SUM(st.future), 0) AS future,
         COALESCE(ROUND(SUM(st.months) FILTER (WHERE st.is_village), 1), 0) AS village,
         -- a stint that starts after the first day not yet covered, while that day is within
         -- the horizon; or days left uncovered after the last stint (or with none at all)
         COALESCE(bool_or(st.cursor <= st.horizon AND st.starts_on > st.cursor), FALSE)
         OR GREATEST(tr.reported_on, MAX(COALESCE(st.ends_on, 'infinity'::date))
              FILTER (WHERE st.trainee_id IS NOT NULL) + 1)
            <= COALESCE(MAX(st.horizon), LEAST(tr.training_ends_on - 1, today.d)) AS gap
    FROM tr CROSS JOIN today
    LEFT JOIN st ON st.trainee_id = tr.id
   GROUP BY tr.id, tr.reported_on, tr.training_ends_on, today.d)
SELECT per.id FROM per CROSS JOIN rules
 WHERE (per.missing > 0 AND per.months_left - per.future < per.missing * rules.min_m)
    OR per.village > rules.village_m
    OR per.gap
    OR per.id IN (SELECT trainee_id FROM over_max)
"""


def _warned_in_python(user, today: dt.date) -> int:
    """`warned_rows` off PostgreSQL: every trainee in training with their rotations."""
    rules = rule_set()
    trainees = (
        Trainee.objects.visible_to(user)
        .filter(status=Trainee.Status.TRAINING)
        .only("pk", "reported_on", "training_ends_on")
        .prefetch_related(
            Prefetch(
                "rotations",
                queryset=Rotation.objects.select_related("post__category").only(
                    "trainee_id", "starts_on", "ends_on", "post__name", "post__category__is_village"
                ),
            )
        )
    )
    return sum(
        bool(coverage_of(trainee, trainee.rotations.all(), rules, today).warnings)
        for trainee in trainees
    )


# Monthly feedback completion ----------------------------------------------------------------


@dataclass
class PairLine:
    """One mentorship over the months: its state each month (None: not paired then)."""

    mentor: str
    mentor_id: int
    mentor_unit_id: int
    trainee: str
    township: str
    township_id: int
    states: list[str | None]


@dataclass
class HeatRow:
    label: str
    url: str
    cells: list[dict]

    def html(self) -> SafeString:
        """The row's markup, written here rather than by the template: a province's heat map
        has thousands of rows of six cells each. The label and the link are escaped; the rest
        is our own numbers and class names."""
        label = escape(self.label)
        head = f'<a href="{escape(self.url)}">{label}</a>' if self.url else label
        cells = "".join(
            '<td class="text-center {}">{}</td>'.format(
                cell["css"], f"{cell['done']}/{cell['expected']}" if cell["expected"] else ""
            )
            for cell in self.cells
        )
        return mark_safe(f'<tr><th scope="row" class="fw-normal">{head}</th>{cells}</tr>')  # noqa: S308


@dataclass
class Completion:
    months: list[dt.date]
    pairs: list[PairLine]
    by_mentor: list[HeatRow] = field(default_factory=list)
    by_township: list[HeatRow] = field(default_factory=list)
    flagged: list[MonthlyFeedback] = field(default_factory=list)
    flagged_count: int = 0


def last_months(today: dt.date, n: int = FEEDBACK_MONTHS) -> list[dt.date]:
    months = [month_start(today)]
    for _i in range(n - 1):
        months.insert(0, month_start(months[0] - dt.timedelta(days=1)))
    return months


def feedback_completion(user, today: dt.date, township=None, units=None) -> Completion:
    """Submitted monthly records against the months each pairing ran, for the last six months;
    a month not yet past its due day is "not yet due", not missing. Four queries: the rules,
    the pairings, the submitted records, the flagged records."""
    months = last_months(today)
    config = MentoringConfig.current()
    window_end = next_month(months[-1]) - dt.timedelta(days=1)
    pairings = (
        Mentorship.objects.visible_to(user)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=months[0]), starts_on__lte=window_end)
        .select_related("mentor", "trainee__township")
        .order_by("mentor__name", "mentor_id", "trainee__name", "pk")
    )
    if township and str(township).isdigit():
        pairings = pairings.filter(trainee__township_id=int(township))
    pairings = list(pairings)
    submitted = set(
        MonthlyFeedback.objects.visible_to(user)
        .filter(
            status=MonthlyFeedback.Status.SUBMITTED,
            month__gte=months[0],
            mentorship__in=[p.pk for p in pairings],
        )
        .values_list("mentorship_id", "month")
    )
    pairs = []
    for pairing in pairings:
        states: list[str | None] = []
        for month in months:
            if not pairing.covers_month(month):
                states.append(None)
            elif (pairing.pk, month) in submitted:
                states.append("submitted")
            elif config.due_date(month) < today:
                states.append("overdue")
            else:
                states.append("pending")
        pairs.append(
            PairLine(
                mentor=pairing.mentor.name,
                mentor_id=pairing.mentor_id,
                mentor_unit_id=pairing.mentor.unit_id,
                trainee=pairing.trainee.name,
                township=pairing.trainee.township.name,
                township_id=pairing.trainee.township_id,
                states=states,
            )
        )
    completion = Completion(months=months, pairs=pairs)
    completion.by_mentor = _heat_rows(
        pairs,
        key=lambda p: (p.mentor_id, p.mentor, p.mentor_unit_id),
        # A mentor's page is in scope when the mentor's unit is (mentors.Mentor.visible_to).
        url=lambda key: (
            reverse("mentors:mentor_detail", args=[key[0]])
            if units is None or key[2] in units
            else ""
        ),
        months=months,
    )
    completion.by_township = _heat_rows(
        pairs,
        key=lambda p: (p.township_id, p.township),
        url=lambda key: _list_url("cadets:trainee_list", township=key[0]),
        months=months,
    )
    flagged = list(
        MonthlyFeedback.objects.visible_to(user)
        .filter(needs_attention=True, month__gte=months[0])
        .select_related("mentorship__trainee__township", "mentorship__mentor")
        .order_by("-month", "-submitted_at", "-pk")
    )
    completion.flagged = flagged[:LIST_LIMIT]
    completion.flagged_count = len(flagged)
    return completion


def heat_counts(user, months: list[dt.date]):
    """Pairings in scope counted per mentor × township: per month, how many ran in it
    (`Mentorship.covers_month`) and how many of those have a submitted record of it."""
    # Each pairing joined with its submitted records of these months (one row per record): a
    # join the planner costs sensibly, where a subquery per month and pairing looks dear enough
    # to be compiled (JIT) for a second.
    annotations = {}
    for i, month in enumerate(months):
        covers = Q(starts_on__lt=next_month(month)) & (
            Q(ends_on__isnull=True) | Q(ends_on__gte=month)
        )
        annotations[f"paired{i}"] = Count("pk", filter=covers, distinct=True)
        annotations[f"done{i}"] = Count("shown", filter=covers & Q(shown__month=month))
    window_end = next_month(months[-1]) - dt.timedelta(days=1)
    # A mentor's page is in scope when the mentor's unit is (mentors.Mentor.visible_to).
    if user.is_superuser:
        linkable = Value(True)
    else:
        linkable = ExpressionWrapper(
            Q(mentor__unit__in=OrgUnit.objects.filter(units_q(user)).values("pk")),
            output_field=BooleanField(),
        )
    return (
        Mentorship.objects.visible_to(user)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=months[0]), starts_on__lte=window_end)
        .order_by()
        .annotate(
            mentor_linkable=linkable,
            shown=FilteredRelation(
                "feedback",
                condition=Q(
                    feedback__month__gte=months[0],
                    feedback__status=MonthlyFeedback.Status.SUBMITTED,
                ),
            ),
        )
        # The annotation last: accounts.batch names a values() row's columns fields first.
        .values(
            "mentor_id",
            "mentor__name",
            "trainee__township_id",
            "trainee__township__name",
            "mentor_linkable",
        )
        .annotate(**annotations)
    )


def heat_map(rows, months: list[dt.date], config, today: dt.date) -> Completion:
    """The heat maps by mentor and by township from `heat_counts`: a month not yet past its
    due day is open while a record of it is missing, not yet good or bad."""
    by_mentor: dict = {}
    by_township: dict = {}
    # Thousands of links at province scale: each URL pattern reversed once.
    mentor_url = reverse("mentors:mentor_detail", args=[0]).replace("/0/", "/{}/")
    township_url = _list_url("cadets:trainee_list", township=0)[:-1] + "{}"
    for row in rows:
        mentor = (row["mentor__name"], row["mentor_id"])
        if mentor not in by_mentor:
            url = mentor_url.format(row["mentor_id"]) if row["mentor_linkable"] else ""
            by_mentor[mentor] = (url, [[0, 0] for _m in months])
        township = (row["trainee__township__name"], row["trainee__township_id"])
        if township not in by_township:
            url = township_url.format(row["trainee__township_id"])
            by_township[township] = (url, [[0, 0] for _m in months])
        for i in range(len(months)):
            for _url, cells in (by_mentor[mentor], by_township[township]):
                cells[i][0] += row[f"done{i}"]
                cells[i][1] += row[f"paired{i}"]
    due = [config.due_date(month) < today for month in months]

    def heat_row(key, value) -> HeatRow:
        url, counts = value
        cells = []
        for i, (done, paired) in enumerate(counts):
            pending = 0 if due[i] else paired - done
            cells.append(
                {
                    "done": done,
                    "expected": paired,
                    "css": "heat-open" if pending else heat_class(done, paired - pending),
                }
            )
        return HeatRow(label=key[0], url=url, cells=cells)

    return Completion(
        months=months,
        pairs=[],
        by_mentor=[heat_row(k, v) for k, v in sorted(by_mentor.items(), key=lambda i: i[0])],
        by_township=[heat_row(k, v) for k, v in sorted(by_township.items(), key=lambda i: i[0])],
    )


def flagged_records(user, months: list[dt.date]):
    """Records of the months shown that the mentor flagged "needs attention", newest first."""
    return (
        MonthlyFeedback.objects.visible_to(user)
        .filter(needs_attention=True, month__gte=months[0])
        .select_related("mentorship__trainee__township", "mentorship__mentor")
        .order_by("-month", "-submitted_at", "-pk")
    )


def heat_class(done: int, expected: int) -> str:
    """A colour band for a completion rate: heat-none (nothing due), heat-0 … heat-4 (all)."""
    if expected == 0:
        return "heat-none"
    rate = done / expected
    if rate >= 1:
        return "heat-4"
    if rate >= 0.8:
        return "heat-3"
    if rate >= 0.5:
        return "heat-2"
    return "heat-1" if rate > 0 else "heat-0"


def _heat_rows(pairs: list[PairLine], *, key, url, months) -> list[HeatRow]:
    grouped: dict = {}
    for pair in pairs:
        grouped.setdefault(key(pair), []).append(pair)
    rows = []
    for group_key, group in grouped.items():
        cells = []
        for i in range(len(months)):
            states = [p.states[i] for p in group]
            done = states.count("submitted")
            expected = done + states.count("overdue")
            pending = states.count("pending")
            cells.append(
                {
                    "done": done,
                    "expected": expected + pending,
                    # A month still before its due day is open, not yet good or bad.
                    "css": "heat-open" if pending else heat_class(done, expected),
                }
            )
        rows.append(HeatRow(label=group_key[1], url=url(group_key), cells=cells))
    rows.sort(key=lambda row: row.label)
    return rows


# Assessment grades against the quota --------------------------------------------------------


def latest_cycles(user):
    """The latest cycles in scope, each with its assessments in scope counted per grade
    (`graded_<grade>`; `graded_` not yet confirmed): subqueries the database runs for these
    few cycles only."""
    counts = {}
    for grade in ["", *Grade.values]:
        of_grade = (
            Assessment.objects.visible_to(user)
            .filter(cycle=OuterRef("pk"), grade=grade)
            .order_by()
            .values("cycle")
            .annotate(n=Count("pk"))
            .values("n")
        )
        counts[f"graded_{grade}"] = Coalesce(Subquery(of_grade), 0)
    return (
        AssessmentCycle.objects.visible_to(user)
        .order_by("-period_end", "-pk")
        .annotate(**counts)[:CYCLES_SHOWN]
    )


def grade_distribution(cycles) -> dict:
    """The latest cycles in scope (`latest_cycles`) with their confirmed grades and the 优秀
    quota."""
    rows = []
    for cycle in reversed(cycles):
        by_grade = {g: getattr(cycle, f"graded_{g}") for g in ["", *Grade.values]}
        by_grade = {g: n for g, n in by_grade.items() if n}
        assessed = sum(by_grade.values())
        rows.append(
            {
                "cycle": cycle,
                "assessed": assessed,
                "grades": [by_grade.get(g, 0) for g in Grade.values],
                "unconfirmed": by_grade.get("", 0),
                "allowed": excellent_quota(assessed, cycle.excellent_quota),
                "over_quota": by_grade.get(Grade.EXCELLENT, 0)
                > excellent_quota(assessed, cycle.excellent_quota),
            }
        )
    chart = {
        "type": "bar",
        "stacked": True,
        "labels": [r["cycle"].name for r in rows],
        "datasets": [
            {"label": str(label), "data": [r["grades"][i] for r in rows]}
            for i, (_value, label) in enumerate(Grade.choices)
        ]
        + [{"label": str(_("优秀 quota")), "data": [r["allowed"] for r in rows], "line": True}],
        "links": [reverse("assessments:cycle_detail", args=[r["cycle"].pk]) for r in rows],
    }
    return {
        "rows": rows,
        "grade_labels": [label for _value, label in Grade.choices],
        "chart": json.dumps(chart, ensure_ascii=False),
    }


# Leave in progress --------------------------------------------------------------------------


def _away(user, today: dt.date):
    """Who is on leave now: approved, begun, not reported back."""
    return (
        LeaveRequest.objects.visible_to(user)
        .filter(status=LeaveRequest.Status.APPROVED, starts_on__lte=today)
        .select_related("trainee__township")
        .order_by("ends_on", "pk")
    )


def leave_counts(user, today: dt.date):
    """Leave in progress and awaiting a decision, counted by status; `late`: past its end."""
    return (
        LeaveRequest.objects.visible_to(user)
        .filter(
            Q(status=LeaveRequest.Status.PENDING)
            | Q(status=LeaveRequest.Status.APPROVED, starts_on__lte=today)
        )
        .order_by()
        .values("status")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(ends_on__lt=today)))
    )


def leave_in_progress(away, counts) -> dict:
    """Who is on leave now (the first of `_away`) and how many requests wait for a decision."""
    by_status = {row["status"]: row for row in counts}
    approved = by_status.get(LeaveRequest.Status.APPROVED, {})
    return {
        "away": away,
        "away_count": approved.get("n", 0),
        "overdue_count": approved.get("late", 0),
        "pending_count": by_status.get(LeaveRequest.Status.PENDING, {}).get("n", 0),
        "url": _list_url("cadets:leave_list", status=LeaveRequest.Status.APPROVED),
        "pending_url": _list_url("cadets:leave_list", status=LeaveRequest.Status.PENDING),
    }


# Due in the next 14 days, and overdue -------------------------------------------------------


@dataclass
class HorizonContext(SweepContext):
    """The sweep's context with one window for every lead time: today to 14 days ahead."""

    horizon_days: int = DUE_HORIZON_DAYS

    def window(self, lead) -> tuple[dt.date, dt.date]:
        return self.today, self.today + dt.timedelta(days=self.horizon_days)


def due_and_overdue(user, today: dt.date) -> dict:
    """What the reminder providers say is due — the same queries as the sweep's, so a finished
    item disappears — kept to the user's scope: counted by the database and only the first
    `LIST_LIMIT * 2` of each list built, the rows of every provider in ONE statement
    (accounts.batch.fetch_together).

    Each list is chosen by date, then provider, then id (what a query can order by), and shown
    by date and title. Items a provider yields one by one (not as DueRows) are filtered here:
    in scope when their unit lies in the user's subtree."""
    ctx = HorizonContext(today=today, config=ReminderSettings.current())
    horizon = today + dt.timedelta(days=DUE_HORIZON_DAYS)
    parts: list[DueRows] = []
    loose: list[DueItem] = []
    for provide in providers().values():
        for part in provide.parts(ctx):
            (parts if isinstance(part, DueRows) else loose).append(part)
    querysets = {}
    sections = {}  # name → (the part's index, overdue?)
    for i, part in enumerate(parts):
        rows = part.rows.filter(trainee_q(user, via=part.trainee)).alias(
            reminder_due_on=part.due_on_expression()
        )
        for overdue, these in _split(rows, part.overdue):
            if not overdue:
                these = these.filter(reminder_due_on__range=(today, horizon))
            # The first rows, each with the number of all (a window over the rows in scope):
            # one subquery a list and provider, not one to count and one to list.
            querysets[f"{i}-{overdue}"] = these.annotate(
                reminder_total=Window(Count("pk"))
            ).order_by("reminder_due_on", "pk")[: LIST_LIMIT * 2]
            sections[f"{i}-{overdue}"] = (i, overdue)
    lists: dict[bool, list] = {False: [], True: []}
    counts = {False: 0, True: 0}
    for name, rows in fetch_together(querysets).items():
        i, overdue = sections[name]
        counts[overdue] += rows[0].reminder_total if rows else 0
        for row in rows:
            item = parts[i].item(row, [])
            lists[overdue].append(((_shown_on(item), i, row.pk), item))
    for j, item in enumerate(_in_scope(user, loose)):
        overdue = item.overdue_since is not None
        if overdue or today <= item.due_on <= horizon:
            counts[overdue] += 1
            lists[overdue].append(((_shown_on(item), len(parts), j), item))
    shown = {}
    for overdue, candidates in lists.items():
        candidates.sort(key=lambda pair: pair[0])
        first = [item for _key, item in candidates[: LIST_LIMIT * 2]]
        shown[overdue] = sorted(first, key=lambda item: (_shown_on(item), str(item.title)))
    return {
        "due": shown[False],
        "due_count": counts[False],
        "overdue": shown[True],
        "overdue_count": counts[True],
        "horizon": horizon,
    }


def _split(rows, overdue: bool | Q):
    """(overdue?, rows) of a DueRows: all overdue, none, or those matching `overdue`."""
    if overdue is True or overdue is False:
        return [(overdue, rows)]
    return [(False, rows.exclude(overdue)), (True, rows.filter(overdue))]


def _shown_on(item: DueItem) -> dt.date:
    return item.overdue_since if item.overdue_since is not None else item.due_on


def _in_scope(user, items: list[DueItem]) -> list[DueItem]:
    """Items yielded one by one whose unit lies in the user's subtree (one query, if any)."""
    if user.is_superuser or not items:
        return items
    units = {item.unit.pk for item in items if item.unit is not None}
    units = set(OrgUnit.objects.filter(units_q(user), pk__in=units).values_list("pk", flat=True))
    return [item for item in items if item.unit is not None and item.unit.pk in units]
