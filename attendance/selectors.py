"""Reads of attendance: a month across townships, a trainee's months, rates by area. Each is
one query (the rules ride along as subquery columns), so pages pin their counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import OrgUnit
from accounts.scoping import units_q
from cadets.models import Trainee

from .models import AttendanceEntry, AttendanceRules, AttendanceSheet, add_month, first_of_month

DEFAULT_MIN_RATE = AttendanceRules._meta.get_field("min_rate_percent").default
DEFAULT_FLAG_ABSENCE = AttendanceRules._meta.get_field("flag_any_absence").default


def last_month(today: dt.date) -> dt.date:
    return add_month(first_of_month(today), -1)


def submitted_versions() -> QuerySet:
    """The newest submitted version of each township's month: what the month's attendance is
    (a correction being drafted does not hide the version in force)."""
    newer = AttendanceSheet.objects.filter(
        township=OuterRef("township"),
        month=OuterRef("month"),
        status=AttendanceSheet.Status.SUBMITTED,
        version__gt=OuterRef("version"),
    )
    return AttendanceSheet.objects.filter(status=AttendanceSheet.Status.SUBMITTED).filter(
        ~Exists(newer)
    )


def _rule(name: str, default):
    return Coalesce(
        Subquery(AttendanceRules.objects.order_by("pk").values(name)[:1]), Value(default)
    )


def with_flags(entries: QuerySet) -> QuerySet:
    """Entries with `at_work`, `expected` and `flagged` (by the rules in the database)."""
    entries = entries.annotate(
        at_work=F("present_days") + F("official_days"),
        expected=F("sheet__required_days") - F("leave_days"),
        min_rate=_rule("min_rate_percent", DEFAULT_MIN_RATE),
        flag_absence=_rule("flag_any_absence", DEFAULT_FLAG_ABSENCE),
    )
    return entries


def flag_q() -> Q:
    """The rule "flag an absence" as a condition on annotated entries."""
    return Q(flag_absence=True, absent_days__gt=0) | Q(
        expected__gt=0, at_work__lt=F("min_rate") * F("expected") / 100.0
    )


def is_flagged(entry) -> bool:
    """flag_q() for one entry annotated by with_flags."""
    if entry.flag_absence and entry.absent_days:
        return True
    return entry.expected > 0 and entry.at_work * 100 < entry.min_rate * entry.expected


def rate(at_work, expected) -> Decimal | None:
    if not expected:
        return None
    return (Decimal(100) * min(at_work, expected) / expected).quantize(Decimal("0.1"))


@dataclass
class EntryLine:
    entry: AttendanceEntry
    month: dt.date
    rate: Decimal | None
    flagged: bool


def trainee_months(trainee: Trainee, limit: int | None = None) -> list[EntryLine]:
    """The trainee's attendance month by month (newest first) from the versions in force —
    one query."""
    entries = (
        with_flags(
            AttendanceEntry.objects.filter(
                trainee=trainee, sheet__in=submitted_versions().values("pk")
            )
        )
        .select_related("sheet")
        .order_by("-sheet__month")
    )
    if limit:
        entries = entries[:limit]
    return [
        EntryLine(
            entry=e,
            month=e.sheet.month,
            rate=e.rate(e.sheet.required_days),
            flagged=is_flagged(e),
        )
        for e in entries
    ]


def month_overview(user, month: dt.date) -> QuerySet:
    """Every township in the user's scope with trainees in training, and its sheet of `month`:
    the newest version's id, status and version, trainees listed, rate and flagged lines."""
    latest = AttendanceSheet.objects.filter(township=OuterRef("pk"), month=month).order_by(
        "-version"
    )
    lines = (
        with_flags(AttendanceEntry.objects.filter(sheet_id=OuterRef("sheet_id")))
        .order_by()
        .values("sheet_id")
    )
    return (
        OrgUnit.objects.filter(units_q(user), kind=OrgUnit.Kind.TOWNSHIP)
        .filter(
            Exists(
                Trainee.objects.filter(
                    township=OuterRef("pk"),
                    status=Trainee.Status.TRAINING,
                    reported_on__lt=add_month(month),
                )
            )
        )
        .select_related("parent")
        .annotate(
            sheet_id=Subquery(latest.values("pk")[:1]),
            sheet_status=Subquery(latest.values("status")[:1]),
            sheet_version=Subquery(latest.values("version")[:1]),
            at_work=Subquery(
                lines.annotate(n=Sum("at_work")).values("n"), output_field=IntegerField()
            ),
            expected=Subquery(
                lines.annotate(n=Sum("expected")).values("n"), output_field=IntegerField()
            ),
            flagged=Subquery(
                lines.annotate(n=Count("pk", filter=flag_q())).values("n"),
                output_field=IntegerField(),
            ),
            lines=Subquery(lines.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        )
        .order_by("parent__name", "name")
    )


@dataclass
class AreaRate:
    county: str
    township: str
    trainees: int
    rate: Decimal | None
    flagged: int


# Townships the dashboard's attendance card lists: those with the lowest rate. A province has
# some fifteen hundred; the overview (attendance:overview) lists every one.
TOWNSHIPS_SHOWN = 10


def rates_by_area(user, month: dt.date) -> dict:
    """The dashboard's attendance of `month`: the rate of each county over its townships whose
    sheet is in, and the `TOWNSHIPS_SHOWN` townships of the lowest rate (one query)."""
    rows = (
        with_flags(
            AttendanceEntry.objects.filter(
                sheet__in=submitted_versions().filter(month=month).values("pk")
            ).filter(sheet__township__in=OrgUnit.objects.filter(units_q(user)).values("pk"))
        )
        .order_by()
        .values("sheet__township__parent__name", "sheet__township__name")
        .annotate(
            trainees=Count("pk"),
            at_work_sum=Sum("at_work"),
            expected_sum=Sum("expected"),
            flagged=Count("pk", filter=flag_q()),
        )
        .order_by("sheet__township__parent__name", "sheet__township__name")
    )
    townships, counties = [], {}
    for row in rows:
        county = row["sheet__township__parent__name"]
        townships.append(
            AreaRate(
                county=county,
                township=row["sheet__township__name"],
                trainees=row["trainees"],
                rate=rate(row["at_work_sum"], row["expected_sum"]),
                flagged=row["flagged"],
            )
        )
        total = counties.setdefault(county, [0, 0, 0, 0])
        total[0] += row["trainees"]
        total[1] += row["at_work_sum"] or 0
        total[2] += row["expected_sum"] or 0
        total[3] += row["flagged"]
    # The lowest rate first; a township with no working day expected has no rate: last.
    townships.sort(key=lambda r: (r.rate is None, r.rate or 0, -r.flagged))
    return {
        "month": month,
        "townships": townships[:TOWNSHIPS_SHOWN],
        "township_count": len(townships),
        "counties": [
            AreaRate(county=name, township="", trainees=t[0], rate=rate(t[1], t[2]), flagged=t[3])
            for name, t in counties.items()
        ],
    }
