"""Reads of the assessment pages: live results, computed by assessments.scoring."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    ExpressionWrapper,
    Func,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import JSONObject

from . import scoring
from .models import (
    Assessment,
    AssessmentCycle,
    BallotBatch,
    DemocraticTally,
    Dimension,
    DimensionScore,
    Grade,
    RaterAssignment,
    RaterKind,
)


@dataclass
class LiveResult:
    score: Decimal | None
    proposed: str
    groups: list[scoring.GroupResult]
    submitted: int = 0
    assigned: int = 0
    issued: int = 0
    votes: dict[str, int] = field(default_factory=dict)
    assignments: list[RaterAssignment] = field(default_factory=list)

    @property
    def cast(self) -> int:
        return sum(self.votes.values())

    @property
    def group_rows(self) -> list[tuple[str, int, Decimal | None]]:
        # Group means are kept unrounded for the total (scoring.py, rule 5); shown rounded.
        return [
            (
                str(RaterKind(g.kind).label),
                g.weight,
                None if g.score is None else scoring.round2(g.score),
            )
            for g in self.groups
        ]

    @property
    def missing(self) -> list[str]:
        return [str(RaterKind(g.kind).label) for g in self.groups if g.score is None]


def assessment_results(cycle: AssessmentCycle, assessments) -> dict[int, LiveResult]:
    """The live score and proposed grade of each assessment of one cycle, with the rater
    assignments themselves (the pages of one assessment list them), in four queries:
    dimensions, assignments, their scores, vote counts with ballots issued."""
    template = cycle.template
    ids = [a.pk for a in assessments]
    dimension_weights = {d.code: d.weight for d in template.dimensions.all()}
    assignments = (
        RaterAssignment.objects.filter(assessment_id__in=ids)
        .select_related("rater")
        .prefetch_related(
            Prefetch("scores", queryset=DimensionScore.objects.select_related("dimension"))
        )
    )
    by_assessment: dict[int, list[RaterAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_assessment[assignment.assessment_id].append(assignment)
    figures = with_ballot_figures(Assessment.objects.filter(pk__in=ids).order_by())
    by_pk = {a.pk: a for a in figures.only("pk")}
    results = {}
    for pk in ids:
        raters = [
            RaterRow(
                kind=a.kind,
                submitted=bool(a.submitted_at),
                scores={s.dimension.code: s.score for s in a.scores.all()},
            )
            for a in by_assessment[pk]
        ]
        results[pk] = _live_result(
            template, dimension_weights, raters, by_pk[pk], assignments=by_assessment[pk]
        )
    return results


def cycle_results(cycle: AssessmentCycle, assessments) -> dict[int, LiveResult]:
    """The figures of the cycle page: the live score, proposed grade, raters submitted and
    votes of each assessment, without a query of its own: the cycle comes from
    `cycle_page_queryset` (with its template's dimension weights), the assessments are
    annotated by `with_ballot_figures` and `with_rater_scores`. The same arithmetic as
    `assessment_results`, without building an assignment, a score and a dimension object per
    row."""
    return {
        a.pk: _live_result(
            cycle.template,
            cycle.dimension_weights or {},
            [RaterRow(r["kind"], r["submitted"], r["scores"] or {}) for r in a.rater_scores or []],
            a,
        )
        for a in assessments
    }


def with_rater_scores(queryset):
    """Annotate assessments with their rater assignments (`rater_scores`): a list of
    {"kind", "submitted", "scores": {dimension code: score}} (scores as Decimal), as one
    column — a query of its own would cost more to build and send than the column."""
    return queryset.annotate(rater_scores=_rater_scores())


def _rater_scores() -> Subquery:
    scores = DimensionScore.objects.filter(assignment=OuterRef("pk")).order_by()
    raters = RaterAssignment.objects.filter(assessment=OuterRef("pk")).order_by()
    submitted = ExpressionWrapper(Q(submitted_at__isnull=False), output_field=BooleanField())
    return Subquery(
        raters.values(group=Value(1))
        .annotate(
            rows=JSONArrayAgg(
                JSONObject(
                    kind="kind",
                    submitted=submitted,
                    scores=_Nested(
                        scores.values(group=Value(1))
                        .annotate(s=JSONObjectAgg("dimension__code", "score"))
                        .values("s")
                    ),
                )
            )
        )
        .values("rows"),
        output_field=JSONField(decoder=_DecimalDecoder),
    )


class _DecimalDecoder(json.JSONDecoder):
    """Scores come back as they are stored (numeric), not as floats."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, parse_float=Decimal, **kwargs)


def with_ballot_figures(queryset):
    """Annotate assessments with their ballots issued (`issued`) and their vote count per
    grade (`votes`, {grade: votes} or None): subqueries, so the figures come with the rows
    that need them."""
    return queryset.annotate(**_ballot_figures())


def _ballot_figures() -> dict[str, Subquery]:
    in_assessment = {"assessment": OuterRef("pk")}
    ballots = BallotBatch.objects.filter(**in_assessment).values("assessment")
    tallies = DemocraticTally.objects.filter(**in_assessment).values("assessment")
    return {
        "issued": Subquery(ballots.annotate(n=Sum("issued")).values("n").order_by()),
        "votes": Subquery(
            tallies.annotate(v=JSONObjectAgg("grade", "votes")).values("v").order_by(),
            output_field=JSONField(),
        ),
    }


class JSONObjectAgg(Aggregate):
    """A side table's rows as one {key: value} column — an assessment's votes per grade (one
    subquery per grade cost more to build than to run), a template's weight per dimension, a
    rater's score per dimension. jsonb_object_agg on PostgreSQL, json_group_object on SQLite
    (the embedded default)."""

    function = "JSONB_OBJECT_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_OBJECT", **extra_context)


class JSONArrayAgg(Aggregate):
    """A side table's rows as one JSON array column (in no particular order): jsonb_agg on
    PostgreSQL, json_group_array on SQLite."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


class _Nested(Subquery):
    """A JSON subquery inside a JSON object: SQLite would take its text for a string."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f"JSON({sql})", params


@dataclass
class RaterRow:
    kind: str
    submitted: bool
    scores: dict[str, Decimal]


GRADES = [grade for grade, _ in Grade.choices]


def _live_result(template, dimension_weights, raters: list[RaterRow], figures, assignments=()):
    """One assessment's live result from its raters' scores and its ballot figures (an
    assessment annotated by `with_ballot_figures`)."""
    rater_scores: dict[str, list[Decimal]] = defaultdict(list)
    for rater in raters:
        if rater.submitted and set(rater.scores) >= set(dimension_weights):
            rater_scores[rater.kind].append(scoring.rater_score(rater.scores, dimension_weights))
    tallies = figures.votes or {}
    votes = {grade: tallies[grade] for grade in GRADES if grade in tallies}
    issued = figures.issued or 0
    democratic = scoring.democratic_score(
        votes,
        template.ballot_scores(),
        issued=issued,
        min_turnout_percent=template.min_turnout,
    )
    total = scoring.total_score(
        group_weights=template.group_weights(),
        rater_scores=rater_scores,
        democratic=democratic,
    )
    return LiveResult(
        score=total.total,
        proposed=scoring.proposed_grade(total.total, template.grade_floors()),
        groups=total.groups,
        submitted=sum(1 for rater in raters if rater.submitted),
        assigned=len(raters),
        issued=issued,
        votes=votes,
        assignments=list(assignments),
    )


def cycle_page_queryset(user):
    """The cycles `user` sees, with what the cycle page shows about the whole cycle in the same
    query: the quota line's assessed count and confirmed 优秀, and its template's dimension
    weights ({code: weight}). Correlated subqueries: each reads the cycle's own rows by index."""
    return (
        AssessmentCycle.objects.visible_to(user)
        .select_related("template", "jurisdiction")
        .annotate(**_cycle_figures())
    )


def _cycle_figures() -> dict[str, Subquery]:
    """The figures of a cycle that do not depend on who asks."""
    in_cycle = Assessment.objects.filter(cycle=OuterRef("pk"))
    dimensions = Dimension.objects.filter(template=OuterRef("template_id")).order_by()
    return {
        "dimension_weights": Subquery(
            dimensions.values(group=Value(1))
            .annotate(w=JSONObjectAgg("code", "weight"))
            .values("w"),
            output_field=JSONField(),
        ),
        "n_assessed": _count(in_cycle),
        "n_excellent": _count(in_cycle.filter(grade=Grade.EXCELLENT)),
    }


def cycle_page_rows(user, cycle: AssessmentCycle, fields: list[str]):
    """The assessments of `cycle` that `user` sees, by trainee name, for a Paginator: `only`
    `fields` of them and their trainee (and township), annotated by `with_ballot_figures` and
    `with_rater_scores`."""
    visible = (
        cycle.assessments.visible_to(user)
        .select_related("trainee__township")
        .only(*fields)
        .order_by("trainee__name", "pk")
    )
    return with_rater_scores(with_ballot_figures(visible))


def _count(queryset) -> Subquery:
    """COUNT(*) of a correlated queryset as a scalar subquery (no GROUP BY: one row, 0 if
    nothing matches)."""
    return Subquery(
        queryset.order_by()
        .annotate(n=Func("pk", function="COUNT", output_field=IntegerField()))
        .values("n")
    )


def excellent_usage(cycle: AssessmentCycle) -> tuple[int, int, int]:
    """(assessed, allowed 优秀, confirmed 优秀) for the cycle's quota line."""
    counts = cycle.assessments.aggregate(
        n=Count("pk"), taken=Count("pk", filter=Q(grade="excellent"))
    )
    n, taken = counts["n"], counts["taken"]
    return n, scoring.excellent_quota(n, cycle.excellent_quota), taken


def trainee_history(trainee, *, published_only: bool) -> list[Assessment]:
    """A trainee's assessments, newest first; for the trainee only published results."""
    return list(trainee_history_queryset(trainee, published_only=published_only))


def trainee_history_queryset(trainee, *, published_only: bool):
    queryset = Assessment.objects.filter(trainee=trainee).select_related("cycle")
    if published_only:
        queryset = queryset.filter(
            cycle__status__in=[AssessmentCycle.Status.NOTICE, AssessmentCycle.Status.LOCKED]
        )
    return queryset.order_by("-cycle__period_end", "-pk")
