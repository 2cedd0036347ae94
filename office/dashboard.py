"""The figures of the dashboard, for whoever asks, through the scoping of every app.

Each section is one function with a fixed number of queries, whatever the number of rows: the
dashboard's query count is pinned by tests/office/test_dashboard.py. Links go to the filtered
list behind each figure.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import units_q
from assessments.models import Assessment, AssessmentCycle, Grade
from assessments.scoring import excellent_quota
from cadets.models import LeaveRequest, Trainee
from mentors.models import MentoringConfig, Mentorship, MonthlyFeedback, month_start, next_month
from notifications.due import SweepContext
from notifications.models import ReminderSettings
from notifications.services import due_items
from rotations.models import Rotation
from rotations.selectors import coverage_of, rule_set

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


def dashboard_data(user, today: dt.date) -> dict:
    units = set(OrgUnit.objects.filter(units_q(user)).values_list("pk", flat=True))
    data = {
        "today": today,
        **trainee_counts(user),
        "coverage": coverage_summary(user, today),
        "feedback": feedback_completion(user, today, units=None if user.is_superuser else units),
        "grades": grade_distribution(user),
        "leave": leave_in_progress(user, today),
        "due": due_and_overdue(user, today, units),
    }
    data["heat_tables"] = [
        (_("By mentor"), data["feedback"].by_mentor, "heat-mentor"),
        (_("By township"), data["feedback"].by_township, "heat-township"),
    ]
    return data


# Trainees by area, cohort and status ---------------------------------------------------------


def trainee_counts(user) -> dict:
    """One query: counts grouped by area, cohort and status, summed three ways."""
    area = area_field(user)
    rows = (
        Trainee.objects.visible_to(user)
        .order_by()
        .values_list(
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
    by_area: dict = {}
    by_cohort: dict = {}
    by_status: dict = defaultdict(int)
    training = Trainee.Status.TRAINING
    for area_id, area_name, code, cohort_id, cohort_name, year, status, n in rows:
        a = by_area.setdefault(
            area_id, {"name": area_name, "code": code or "", "total": 0, "training": 0}
        )
        a["total"] += n
        c = by_cohort.setdefault(
            cohort_id, {"name": cohort_name, "year": year, "total": 0, "training": 0}
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
        "area_chart": chart_json("bar", areas, label=_("Trainees")),
        "status_chart": chart_json("doughnut", [s for s in statuses if s.value]),
    }


# Rotation coverage --------------------------------------------------------------------------


def coverage_summary(user, today: dt.date) -> dict:
    """Share of the trainees in training who have served or are serving each required category
    (rotations.coverage): four queries — the rules, the categories, trainees, rotations."""
    rules = rule_set()
    trainees = list(
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
    started: dict[int, int] = defaultdict(int)
    warned = 0
    for trainee in trainees:
        coverage = coverage_of(trainee, trainee.rotations.all(), rules, today)
        for category in coverage.categories:
            if category.started:
                started[category.category] += 1
        warned += bool(coverage.warnings)
    n = len(trainees)
    bars = [
        Bar(
            label=category.name,
            value=round(100 * started[category.pk] / n) if n else 0,
            url=_list_url("rotations:coverage_list", lacking=category.pk),
            extra={"started": started[category.pk], "lacking": n - started[category.pk]},
        )
        for category in rules.required
    ]
    return {
        "trainees": n,
        "with_warnings": warned,
        "categories": bars,
        "chart": chart_json("bar", bars, label=_("On track (%)"), horizontal=True, max=100),
    }


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


def grade_distribution(user) -> dict:
    """The latest cycles in scope with their confirmed grades and the 优秀 quota: two queries."""
    cycles = list(
        AssessmentCycle.objects.visible_to(user).order_by("-period_end", "-pk")[:CYCLES_SHOWN]
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for cycle_id, grade, n in (
        Assessment.objects.visible_to(user)
        .filter(cycle__in=[c.pk for c in cycles])
        .order_by()
        .values_list("cycle_id", "grade")
        .annotate(n=Count("pk"))
    ):
        counts[cycle_id][grade] = n
    rows = []
    for cycle in reversed(cycles):
        by_grade = counts[cycle.pk]
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


def leave_in_progress(user, today: dt.date) -> dict:
    """Who is on leave now (approved, begun, not reported back) and how many requests wait for
    a decision: one query."""
    leave = list(
        LeaveRequest.objects.visible_to(user)
        .filter(
            Q(status=LeaveRequest.Status.PENDING)
            | Q(status=LeaveRequest.Status.APPROVED, starts_on__lte=today)
        )
        .select_related("trainee__township")
        .order_by("ends_on", "pk")
    )
    away = [item for item in leave if item.status == LeaveRequest.Status.APPROVED]
    return {
        "away": away[:LIST_LIMIT],
        "away_count": len(away),
        "overdue_count": sum(1 for item in away if item.ends_on < today),
        "pending_count": len(leave) - len(away),
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


def due_and_overdue(user, today: dt.date, units: set[int]) -> dict:
    """What the reminder providers say is due (notifications.services.due_items) — the same
    truth as the sweep's, so a finished item disappears — kept to the user's scope by the
    township where each item's responsibility chain starts."""
    ctx = HorizonContext(today=today, config=ReminderSettings.current())
    horizon = today + dt.timedelta(days=DUE_HORIZON_DAYS)
    due, overdue = [], []
    for item in due_items(ctx):
        in_scope = user.is_superuser or (item.unit is not None and item.unit.pk in units)
        if not in_scope:
            continue
        if item.overdue_since is not None:
            overdue.append(item)
        elif today <= item.due_on <= horizon:
            due.append(item)
    due.sort(key=lambda item: (item.due_on, str(item.title)))
    overdue.sort(key=lambda item: (item.overdue_since, str(item.title)))
    return {
        "due": due[: LIST_LIMIT * 2],
        "due_count": len(due),
        "overdue": overdue[: LIST_LIMIT * 2],
        "overdue_count": len(overdue),
        "horizon": horizon,
    }
