"""The dashboard's summaries: per-unit rows that a Celery task rebuilds (office.tasks, on the
beat's schedule), so that the dashboard reads a few hundred counted rows instead of counting a
province's trainees, rotations and mentoring records on every view.

The rows hold no one's scope: they are per township (and village, cohort, status, mentor), and
the dashboard keeps those of the townships in the viewer's scope (accounts.scoping.units_q).
The figures are as of `DashboardRefresh.refreshed_at`, which the page shows.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import Count, F, FilteredRelation, Prefetch, Q
from django.utils import timezone

from assessments.models import Assessment
from cadets.models import Trainee
from mentors.models import MentoringConfig, Mentorship, MonthlyFeedback, month_start, next_month
from rotations.models import Rotation
from rotations.selectors import coverage_of, rule_set

from .due_list import due_entries
from .models import (
    CycleTally,
    DashboardRefresh,
    DueEntry,
    MentoringTally,
    TownshipSummary,
    TraineeTally,
)

# The rows a rebuild replaces, every one of them.
SUMMARY_MODELS = (TraineeTally, TownshipSummary, MentoringTally, CycleTally, DueEntry)
FEEDBACK_MONTHS = 6  # the heat map's months: MentoringTally has six pairs of columns
CHUNK = 500


def last_months(today: dt.date, n: int = FEEDBACK_MONTHS) -> list[dt.date]:
    months = [month_start(today)]
    for _i in range(n - 1):
        months.insert(0, month_start(months[0] - dt.timedelta(days=1)))
    return months


def latest_refresh() -> DashboardRefresh | None:
    return DashboardRefresh.objects.order_by("-refreshed_at", "-pk").first()


@transaction.atomic
def dashboard_refresh(*, today: dt.date | None = None) -> DashboardRefresh:
    """Rebuild every summary row in one transaction: readers see the old rows or the new."""
    today = today or timezone.localdate()
    months = last_months(today)
    config = MentoringConfig.current()
    rules = rule_set()
    for model in SUMMARY_MODELS:
        model.objects.all().delete()
    TraineeTally.objects.bulk_create(_trainee_tallies(), batch_size=CHUNK)
    TownshipSummary.objects.bulk_create(_township_summaries(rules, today, months), batch_size=CHUNK)
    MentoringTally.objects.bulk_create(_mentoring_tallies(months), batch_size=CHUNK)
    CycleTally.objects.bulk_create(_cycle_tallies(), batch_size=CHUNK)
    DueEntry.objects.bulk_create(due_entries(today), batch_size=CHUNK)
    refresh = DashboardRefresh.objects.create(
        refreshed_at=timezone.now(),
        today=today,
        months=[{"month": m.isoformat(), "due": config.due_date(m) < today} for m in months],
        categories=[{"id": c.pk, "name": c.name} for c in rules.required],
    )
    # Older refreshes are of no use: keep the table at one row.
    DashboardRefresh.objects.exclude(pk=refresh.pk).delete()
    return refresh


def summaries_vacuum() -> None:
    """VACUUM (ANALYZE) the summary tables after a rebuild, on PostgreSQL.

    A rebuild deletes every row and writes it again, so each one leaves a table's worth of dead
    rows behind. Autovacuum reclaims them when it runs, but it may be slow to come (or off, as
    on some machines): meanwhile every read of the dashboard walks the dead index entries too,
    and the planner counts rows that are gone. Run here, the space is reused by the next
    rebuild and the statistics describe the rows just written. Django has no operation for
    VACUUM, and it cannot run inside a transaction: outside one only (ADR 0012)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in SUMMARY_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")


def _trainee_tallies() -> list[TraineeTally]:
    rows = (
        Trainee.objects.order_by()
        .values("county_id", "township_id", "village_id", "cohort_id", "status")
        .annotate(n=Count("pk"))
    )
    return [
        TraineeTally(
            county_id=row["county_id"],
            township_id=row["township_id"],
            village_id=row["village_id"],
            cohort_id=row["cohort_id"],
            status=row["status"],
            trainees=row["n"],
        )
        for row in rows
    ]


def _township_summaries(rules, today: dt.date, months: list[dt.date]) -> list[TownshipSummary]:
    """Each trainee in training's coverage (rotations.coverage, the same code as the trainee's
    page), summed per township; and the flagged records of the months, per township."""
    summaries: dict[int, TownshipSummary] = {}

    def of(county_id: int, township_id: int) -> TownshipSummary:
        if township_id not in summaries:
            summaries[township_id] = TownshipSummary(
                county_id=county_id, township_id=township_id, started={}
            )
        return summaries[township_id]

    required = {c.pk for c in rules.required}
    trainees = (
        Trainee.objects.filter(status=Trainee.Status.TRAINING)
        .only("pk", "county_id", "township_id", "reported_on", "training_ends_on")
        .order_by("pk")
        .prefetch_related(
            Prefetch(
                "rotations",
                queryset=Rotation.objects.select_related("post__category").order_by(
                    "starts_on", "pk"
                ),
            )
        )
    )
    for trainee in trainees.iterator(chunk_size=CHUNK):
        summary = of(trainee.county_id, trainee.township_id)
        rotations = list(trainee.rotations.all())
        summary.training += 1
        if coverage_of(trainee, rotations, rules, today).warnings:
            summary.warned += 1
        begun = {r.post.category_id for r in rotations if r.starts_on <= today}
        for category in begun & required:
            summary.started[str(category)] = summary.started.get(str(category), 0) + 1
    flagged = (
        MonthlyFeedback.objects.filter(needs_attention=True, month__gte=months[0])
        .order_by()
        .values(
            county_id=F("mentorship__trainee__county_id"),
            township_id=F("mentorship__trainee__township_id"),
        )
        .annotate(n=Count("pk"))
    )
    for row in flagged:
        of(row["county_id"], row["township_id"]).flagged += row["n"]
    return list(summaries.values())


def _mentoring_tallies(months: list[dt.date]) -> list[MentoringTally]:
    """Pairings counted per mentor × township: per month, how many ran in it
    (`Mentorship.covers_month`) and how many of those have a submitted record of it."""
    annotations = {}
    for i, month in enumerate(months):
        covers = Q(starts_on__lt=next_month(month)) & (
            Q(ends_on__isnull=True) | Q(ends_on__gte=month)
        )
        annotations[f"paired{i}"] = Count("pk", filter=covers, distinct=True)
        annotations[f"done{i}"] = Count("shown", filter=covers & Q(shown__month=month))
    window_end = next_month(months[-1]) - dt.timedelta(days=1)
    rows = (
        Mentorship.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=months[0]), starts_on__lte=window_end
        )
        .order_by()
        .annotate(
            # Each pairing joined with its submitted records of these months (one row a record).
            shown=FilteredRelation(
                "feedback",
                condition=Q(
                    feedback__month__gte=months[0],
                    feedback__status=MonthlyFeedback.Status.SUBMITTED,
                ),
            ),
        )
        .values(
            "mentor_id",
            county_id=F("trainee__county_id"),
            township_id=F("trainee__township_id"),
        )
        .annotate(**annotations)
    )
    return [MentoringTally(**row) for row in rows]


def _cycle_tallies() -> list[CycleTally]:
    rows = (
        Assessment.objects.order_by()
        .values(
            "cycle_id",
            "grade",
            period_end=F("cycle__period_end"),
            county_id=F("trainee__county_id"),
            township_id=F("trainee__township_id"),
        )
        .annotate(assessments=Count("pk"))
    )
    return [CycleTally(**row) for row in rows]
