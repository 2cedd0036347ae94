"""队伍结构分析: the make-up of the trainees in scope and, per cohort, who stayed and who grew.

Structure: counts by age band, sex, ethnicity, education, major, stream and political status,
each bar linking to the trainees behind it (`careers:analysis_trainees?dim=…&value=…`).

Retention, per cohort and per year since reporting (year 0 is the cohort's year), as of the
end of that year (or today for the current year):
- left: an accepted resignation or transfer out (调出) effective by then;
- moved: not left, and an accepted exchange posting (交流任职) or other move by then;
- in the hiring body: neither left nor moved — its share is the retention rate (留任率);
- promoted: not left, and a promotion by then (an outcome of kind promotion, or a follow-up
  year marked promoted) — its share, year by year, is the growth curve (成长曲线).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from assessments.models import Outcome
from cadets.models import Trainee

from .matching import age_on
from .models import FollowUp, Transfer

LEFT_KINDS = {Transfer.Kind.RESIGNATION, Transfer.Kind.OUT}
MOVED_KINDS = {Transfer.Kind.EXCHANGE, Transfer.Kind.OTHER}
# Age bands: (lowest age, highest age or None, key).
AGE_BANDS = [
    (0, 25, "-25"),
    (26, 28, "26-28"),
    (29, 31, "29-31"),
    (32, 35, "32-35"),
    (36, None, "36-"),
]
MAJORS_SHOWN = 10

DIMENSIONS = {
    "age": _("Age"),
    "sex": _("Sex"),
    "ethnicity": _("Ethnicity"),
    "education": _("Education"),
    "major": _("Major"),
    "stream": _("Stream"),
    "political_status": _("Political status"),
}
CHOICE_FIELDS = {
    "sex": Trainee.Sex,
    "education": Trainee.Education,
    "stream": Trainee.Stream,
    "political_status": Trainee.PoliticalStatus,
}


@dataclass
class Bar:
    label: str
    value: int
    url: str


@dataclass
class Breakdown:
    key: str
    title: str
    bars: list[Bar]

    @property
    def chart(self) -> str:
        return chart_json("bar", self.bars, label=str(_("Trainees")))


def chart_json(kind: str, bars: list[Bar], *, label: str) -> str:
    """A chart for static/js/charts.js (data only; the markup is the template's)."""
    return json.dumps(
        {
            "type": kind,
            "labels": [str(b.label) for b in bars],
            "datasets": [{"label": label, "data": [b.value for b in bars]}],
            "links": [b.url for b in bars],
        },
        ensure_ascii=False,
    )


def in_scope(user, params=None):
    trainees = Trainee.objects.visible_to(user)
    cohort = (params or {}).get("cohort", "")
    if str(cohort).isdigit():
        trainees = trainees.filter(cohort__year=int(cohort))
    return trainees


def structure(user, today: dt.date, params=None) -> list[Breakdown]:
    """The breakdowns of the trainees in scope: one query for all of them (a row per trainee
    with the columns they read)."""
    rows = list(
        in_scope(user, params).values_list(
            "birth_date", "sex", "ethnicity", "education", "major", "stream", "political_status"
        )
    )
    cohort = (params or {}).get("cohort", "")
    base = {"cohort": cohort} if str(cohort).isdigit() else {}
    counters = {key: Counter() for key in DIMENSIONS}
    for birth, sex, ethnicity, education, major, stream, political in rows:
        counters["age"][age_band(age_on(birth, today))] += 1
        counters["sex"][sex] += 1
        counters["ethnicity"][ethnicity] += 1
        counters["education"][education] += 1
        counters["major"][major] += 1
        counters["stream"][stream] += 1
        counters["political_status"][political] += 1
    result = []
    for key, title in DIMENSIONS.items():
        counter = counters[key]
        if key == "age":
            values = [band for _low, _high, band in AGE_BANDS if counter[band]]
        elif key in CHOICE_FIELDS:
            values = [v for v in CHOICE_FIELDS[key].values if counter[v]]
        else:
            values = [v for v, _n in counter.most_common(MAJORS_SHOWN)]
        bars = [Bar(dimension_label(key, v), counter[v], drill_url(key, v, base)) for v in values]
        result.append(Breakdown(key, title, bars))
    return result


def age_band(age: int) -> str:
    for low, high, key in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return key
    return AGE_BANDS[-1][2]


def dimension_label(key: str, value: str) -> str:
    if key in CHOICE_FIELDS:
        return str(CHOICE_FIELDS[key](value).label)
    if key == "age":
        low, high = next((lo, hi) for lo, hi, k in AGE_BANDS if k == value)
        if low == 0:
            return str(_("{high} or younger").format(high=high))
        if high is None:
            return str(_("{low} or older").format(low=low))
        return f"{low}–{high}"
    return value


def drill_url(key: str, value: str, base: dict) -> str:
    return (
        f"{reverse('careers:analysis_trainees')}?{urlencode({**base, 'dim': key, 'value': value})}"
    )


def drill_filter(key: str, value: str, today: dt.date) -> Q | None:
    """The trainees behind one bar; None for an unknown dimension or value."""
    if key == "age":
        band = next(((lo, hi) for lo, hi, k in AGE_BANDS if k == value), None)
        if band is None:
            return None
        low, high = band
        # Aged `low` or more: born on or before today `low` years ago.
        q = Q(birth_date__lte=_years_before(today, low))
        if high is not None:
            q &= Q(birth_date__gt=_years_before(today, high + 1))
        return q
    if key in CHOICE_FIELDS:
        return Q(**{key: value}) if value in CHOICE_FIELDS[key].values else None
    if key in ("ethnicity", "major"):
        return Q(**{key: value})
    return None


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# Retention ----------------------------------------------------------------------------------


@dataclass
class YearFigures:
    offset: int  # years since reporting
    year: int
    total: int
    in_body: int
    moved: int
    left: int
    promoted: int

    @property
    def retention(self) -> float:
        return round(100 * self.in_body / self.total, 1) if self.total else 0.0

    @property
    def promoted_share(self) -> float:
        return round(100 * self.promoted / self.total, 1) if self.total else 0.0


@dataclass
class CohortRetention:
    year: int
    name: str
    total: int
    years: list[YearFigures] = field(default_factory=list)

    @property
    def latest(self) -> YearFigures | None:
        return self.years[-1] if self.years else None

    @property
    def chart(self) -> str:
        return json.dumps(
            {
                "type": "bar",
                "labels": [str(_("Year {n}")).format(n=y.offset) for y in self.years],
                "datasets": [
                    {
                        "label": str(_("Retention rate (%)")),
                        "data": [y.retention for y in self.years],
                    },
                    {
                        "label": str(_("Promoted (%)")),
                        "data": [y.promoted_share for y in self.years],
                    },
                ],
                "max": 100,
            },
            ensure_ascii=False,
        )


def retention(user, today: dt.date, params=None) -> list[CohortRetention]:
    """Each cohort's figures by year since reporting. Four queries: the cohorts' trainees,
    their accepted transfers, promotions and promoted follow-up years."""
    trainees = list(
        in_scope(user, params)
        .select_related("cohort")
        .only("pk", "cohort__year", "cohort__name")
        .order_by("cohort__year", "pk")
    )
    ids = [t.pk for t in trainees]
    moves: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for trainee_id, day, kind in Transfer.objects.filter(
        trainee_id__in=ids, status=Transfer.Status.ACCEPTED
    ).values_list("trainee_id", "effective_on", "kind"):
        moves[trainee_id].append((day, kind))
    promoted_on: dict[int, dt.date] = {}
    for trainee_id, day in Outcome.objects.filter(
        trainee_id__in=ids, kind=Outcome.Kind.PROMOTION
    ).values_list("trainee_id", "decided_on"):
        promoted_on[trainee_id] = min(day, promoted_on.get(trainee_id, day))
    for trainee_id, year in FollowUp.objects.filter(trainee_id__in=ids, promoted=True).values_list(
        "trainee_id", "year"
    ):
        day = dt.date(year, 12, 31)
        promoted_on[trainee_id] = min(day, promoted_on.get(trainee_id, day))
    by_cohort: dict[int, list[Trainee]] = defaultdict(list)
    for t in trainees:
        by_cohort[t.cohort.year].append(t)
    result = []
    for year, members in sorted(by_cohort.items()):
        cohort = CohortRetention(year, members[0].cohort.name, len(members))
        for offset in range(0, today.year - year + 1):
            as_of = min(dt.date(year + offset, 12, 31), today)
            figures = YearFigures(offset, year + offset, len(members), 0, 0, 0, 0)
            for t in members:
                kinds = {kind for day, kind in moves.get(t.pk, []) if day <= as_of}
                if kinds & LEFT_KINDS:
                    figures.left += 1
                    continue
                if kinds & MOVED_KINDS:
                    figures.moved += 1
                else:
                    figures.in_body += 1
                if t.pk in promoted_on and promoted_on[t.pk] <= as_of:
                    figures.promoted += 1
            cohort.years.append(figures)
        result.append(cohort)
    return result


def cohort_counts(user) -> list[tuple[int, int]]:
    """(cohort year, trainees) in scope, for the cohort filter."""
    return list(
        Trainee.objects.visible_to(user)
        .values_list("cohort__year")
        .annotate(n=Count("pk"))
        .order_by("-cohort__year")
    )
