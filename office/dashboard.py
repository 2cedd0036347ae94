"""The figures of the dashboard, for whoever asks, through the scoping of every app.

The counts (trainees by area, cohort and status; rotation coverage; the mentoring heat maps;
flagged records) come from per-township summary rows that a Celery task rebuilds
(office.summaries): the page adds up the rows of the townships in the viewer's scope and says
as of when. The short lists (flagged records, the latest cycles, leave) are read live, each a
bounded query. So the page costs the same few queries, and about the same time, whatever the
size of the province (pinned by tests/office/test_dashboard.py). What is due and overdue comes
from summary rows of the reminder providers' items (office.due_list), in a request of its own,
which the page makes once shown. Links go to the filtered list behind each figure.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.db.models.expressions import Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import trainee_q, units_q
from assessments.models import AssessmentCycle, Grade
from assessments.scoring import excellent_quota
from cadets.models import LeaveRequest, Trainee
from mentors.models import MentoringConfig, Mentorship, MonthlyFeedback, next_month

from .due_list import DUE_HORIZON_DAYS, still_due
from .models import CycleTally, DueEntry, MentoringTally, TownshipSummary, TraineeTally
from .summaries import FEEDBACK_MONTHS, dashboard_refresh, last_months, latest_refresh

LIST_LIMIT = 10
CYCLES_SHOWN = 6
# Rows of each heat map: the townships and mentors with the most records missing. A province
# has thousands; the export (office.exports) has them all, pairing by pairing.
HEAT_ROWS = 25

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
    """Every section but "due and overdue": the counts from the summary rows of the townships
    in the user's scope (office.summaries, rebuilt by a Celery task; the page says as of when),
    the short lists (flagged records, cycles, leave) live. A few queries whatever the number of
    rows (pinned by tests/office/test_dashboard.py). The due and overdue items come from the
    reminder providers in a request of their own (`due_and_overdue`, loaded by the page once
    it is shown)."""
    refresh = latest_refresh()
    if refresh is None:  # never counted yet (a fresh database): count once, now
        refresh = dashboard_refresh(today=today)
    townships = in_scope(user)
    counts = trainee_counts(user, trainee_tallies(user, townships))
    months = [dt.date.fromisoformat(m["month"]) for m in refresh.months]
    due = [m["due"] for m in refresh.months]
    summary = township_totals(townships)
    feedback = Completion(
        months=months,
        pairs=[],
        by_mentor=heat_rows(mentor_heat(user, townships, due), due, "mentor"),
        by_township=heat_rows(township_heat(townships, due), due, "township"),
        flagged=list(flagged_records(user, months)[:LIST_LIMIT]),
        flagged_count=summary["flagged"],
    )
    return {
        "today": today,
        "refreshed_at": refresh.refreshed_at,
        **counts,
        "coverage": coverage_summary(
            refresh.categories,
            started=summary["started"],
            trainees=summary["training"],
            warned=summary["warned"],
        ),
        "feedback": feedback,
        "heat_limit": HEAT_ROWS,
        "heat_tables": [
            (_("By mentor"), _("Mentor"), feedback.by_mentor, "heat-mentor"),
            (_("By township"), _("Township"), feedback.by_township, "heat-township"),
        ],
        "grades": grade_distribution(latest_cycles(townships)),
        "leave": leave_in_progress(
            list(_away(user, today)[:LIST_LIMIT]), leave_counts(user, today)
        ),
    }


def in_scope(user) -> Q:
    """The summary rows the user may see. Their placement fields (county, township) are named
    as a trainee's, so the trainees' rule applies to them as it stands
    (accounts.scoping.trainee_q): the rows of the townships in the user's scope."""
    return trainee_q(user)


# Trainees by area, cohort and status ---------------------------------------------------------


def trainee_tallies(user, townships):
    """Trainees of the townships in scope counted by area, cohort and status."""
    area = area_field(user)
    return (
        TraineeTally.objects.filter(townships)
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
        .annotate(n=Sum("trainees"))
    )


def trainee_counts(user, rows) -> dict:
    """The counts by area, cohort and status (`trainee_tallies`), summed three ways."""
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
        "area_chart": chart_json("bar", areas, label=_("Trainees")),
        "status_chart": chart_json("doughnut", [s for s in statuses if s.value]),
    }


# Rotation coverage and flagged records, summed over the townships ---------------------------


def township_totals(townships) -> dict:
    """Trainees in training, with a coverage warning, who have begun each required category,
    and flagged records: the townships' summaries added up."""
    totals = {"training": 0, "warned": 0, "flagged": 0, "started": defaultdict(int)}
    rows = TownshipSummary.objects.filter(townships).values_list(
        "training", "warned", "flagged", "started"
    )
    for training, warned, flagged, started in rows:
        totals["training"] += training
        totals["warned"] += warned
        totals["flagged"] += flagged
        for category, n in started.items():
            totals["started"][int(category)] += n
    return totals


def coverage_summary(categories, *, started: dict[int, int], trainees: int, warned: int) -> dict:
    """Share of the trainees in training who have served or are serving each required category
    (rotations.coverage): `started` counts them per category, `warned` those with a warning."""
    n = trainees
    bars = [
        Bar(
            label=category["name"],
            value=round(100 * started.get(category["id"], 0) / n) if n else 0,
            url=_list_url("rotations:coverage_list", lacking=category["id"]),
            extra={
                "started": started.get(category["id"], 0),
                "lacking": n - started.get(category["id"], 0),
            },
        )
        for category in categories
    ]
    return {
        "trainees": n,
        "with_warnings": warned,
        "categories": bars,
        "chart": chart_json("bar", bars, label=_("On track (%)"), horizontal=True, max=100),
    }


# Monthly mentoring records: the heat maps ----------------------------------------------------

MONTHS = range(FEEDBACK_MONTHS)


def _heat(rows, due: list[bool]):
    """Tallies grouped by `rows`' values(), summed per month, those missing most first:
    `missing` counts the records missing over the months past their due day."""
    sums = {f"{kind}{i}": Sum(f"{kind}{i}") for kind in ("paired", "done") for i in MONTHS}
    rows = rows.annotate(**sums)
    terms = [F(f"paired{i}") - F(f"done{i}") for i in MONTHS if due[i]]
    return rows.annotate(missing=sum(terms[1:], terms[0]) if terms else Value(0))


def township_heat(townships, due: list[bool]):
    rows = MentoringTally.objects.filter(townships).order_by()
    rows = rows.values(key=F("township_id"), label=F("township__name"))
    return _heat(rows, due).order_by("-missing", "label", "key")[:HEAT_ROWS]


def mentor_heat(user, townships, due: list[bool]):
    rows = (
        MentoringTally.objects.filter(townships)
        .order_by()
        .values(key=F("mentor_id"), label=F("mentor__name"), unit=F("mentor__unit_id"))
    )
    rows = list(_heat(rows, due).order_by("-missing", "label", "key")[:HEAT_ROWS])
    # A mentor's page is in scope when the mentor's unit is (mentors.Mentor.visible_to).
    units = {row["unit"] for row in rows}
    if not user.is_superuser and units:
        units = set(
            OrgUnit.objects.filter(units_q(user), pk__in=units).values_list("pk", flat=True)
        )
    for row in rows:
        row["linkable"] = row["unit"] in units
    return rows


def heat_rows(rows, due: list[bool], kind: str) -> list[HeatRow]:
    """The heat map's rows: per month, records submitted of records due; a month not yet past
    its due day is open while a record of it is missing, not yet good or bad."""
    result = []
    for row in rows:
        cells = []
        for i in MONTHS:
            done, paired = row[f"done{i}"], row[f"paired{i}"]
            open_ = not due[i] and paired > done
            css = "heat-open" if open_ else heat_class(done, paired)
            cells.append({"done": done, "expected": paired, "css": css})
        if kind == "mentor":
            url = reverse("mentors:mentor_detail", args=[row["key"]]) if row["linkable"] else ""
        else:
            url = _list_url("cadets:trainee_list", township=row["key"])
        result.append(HeatRow(label=row["label"], url=url, cells=cells))
    return result


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


def feedback_completion(user, today: dt.date, township=None) -> Completion:
    """Submitted monthly records against the months each pairing ran, for the last six months;
    a month not yet past its due day is "not yet due", not missing (the export of the heat
    map, pairing by pairing). Three queries: the rules, the pairings, the submitted records."""
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
    return Completion(months=months, pairs=pairs)


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


# Assessment grades against the quota --------------------------------------------------------


def latest_cycles(townships) -> list:
    """The latest cycles with assessments in the townships in scope, each with those
    assessments counted per grade (`graded[<grade>]`; "" not yet confirmed): one query over the
    summary rows."""
    tallies = CycleTally.objects.filter(townships).order_by()
    latest = (
        tallies.values("cycle_id", "period_end")
        .distinct()
        .order_by("-period_end", "-cycle_id")
        .values("cycle_id")[:CYCLES_SHOWN]
    )
    rows = (
        tallies.filter(cycle_id__in=latest)
        .values("cycle_id", "cycle__name", "cycle__excellent_quota", "period_end", "grade")
        .annotate(n=Sum("assessments"))
    )
    cycles: dict[int, AssessmentCycle] = {}
    for row in rows:
        cycle = cycles.get(row["cycle_id"])
        if cycle is None:
            cycle = cycles[row["cycle_id"]] = AssessmentCycle(
                pk=row["cycle_id"],
                name=row["cycle__name"],
                excellent_quota=row["cycle__excellent_quota"],
                period_end=row["period_end"],
            )
            cycle.graded = {}
        cycle.graded[row["grade"]] = row["n"]
    return sorted(cycles.values(), key=lambda c: (c.period_end, c.pk), reverse=True)


def grade_distribution(cycles) -> dict:
    """The latest cycles in scope (`latest_cycles`) with their confirmed grades and the 优秀
    quota."""
    rows = []
    for cycle in reversed(cycles):
        by_grade = {g: n for g, n in cycle.graded.items() if n}
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


def due_and_overdue(user, today: dt.date) -> dict:
    """What the reminder providers said is due, as of the last refresh (office.due_list: the
    DueEntry rows), kept to the user's scope: both lists counted in one query, their first
    entries read in another, and those checked against the providers' own queries in one more
    — an item finished since the refresh leaves the list, and its count, at once.

    Each list is chosen by date then id, and shown by date and title."""
    refresh = latest_refresh()
    if refresh is None:  # never counted yet (a fresh database): count once, now
        refresh = dashboard_refresh(today=today)
    entries = DueEntry.objects.filter(trainee_q(user))
    counts = entries.aggregate(
        due=Count("pk", filter=Q(overdue_since__isnull=True)),
        overdue=Count("pk", filter=Q(overdue_since__isnull=False)),
    )
    # A few more than shown, so that the list stays full when some were finished since.
    first = LIST_LIMIT * 3
    candidates = list(
        entries.filter(overdue_since__isnull=True)
        .order_by("shown_on", "pk")[:first]
        .union(entries.filter(overdue_since__isnull=False).order_by("shown_on", "pk")[:first])
    )
    alive = still_due(candidates, today)
    shown: dict[bool, list[DueEntry]] = {False: [], True: []}
    for entry in sorted(candidates, key=lambda e: (e.shown_on, e.pk)):
        overdue = entry.overdue_since is not None
        if entry.pk not in alive:
            counts["overdue" if overdue else "due"] -= 1
        elif len(shown[overdue]) < LIST_LIMIT * 2:
            shown[overdue].append(entry)
    for listed in shown.values():
        listed.sort(key=lambda entry: (entry.shown_on, entry.title))
    return {
        "due": shown[False],
        "due_count": counts["due"],
        "overdue": shown[True],
        "overdue_count": counts["overdue"],
        "horizon": today + dt.timedelta(days=DUE_HORIZON_DAYS),
        "refreshed_at": refresh.refreshed_at,
    }
