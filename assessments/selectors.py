"""Reads of the assessment pages: live results, computed by assessments.scoring."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
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
    TextField,
)
from django.db.models.functions import Cast

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
        figures = by_pk[pk]
        results[pk] = _live_result(
            template,
            dimension_weights,
            raters,
            votes=figures.votes,
            issued=figures.issued,
            assignments=by_assessment[pk],
        )
    return results


def cycle_results(cycle: AssessmentCycle, rows) -> dict[int, LiveResult]:
    """The figures of the cycle page: the live score, proposed grade, raters submitted and
    votes of each assessment, without a query of its own: the cycle comes from
    `cycle_page_queryset` (with its template's dimension weights), the rows from
    `cycle_page_rows`. The same arithmetic as `assessment_results`, without building an
    assignment, a score and a dimension object per row."""
    return {
        row["pk"]: _live_result(
            cycle.template,
            cycle.dimension_weights or {},
            [
                RaterRow(kind, submitted, scores or {})
                for kind, submitted, scores in row["rater_scores"] or []
            ],
            votes=row["votes"],
            issued=row["issued"],
        )
        for row in rows
    }


def with_rater_scores(queryset):
    """Annotate assessments with their rater assignments (`rater_scores`): a list of
    [kind, submitted, {dimension code: score}] (scores as Decimal), as one column — a query of
    its own would cost more to build and send than the column."""
    return queryset.annotate(rater_scores=_rater_scores())


def _rater_scores() -> Subquery:
    scores = DimensionScore.objects.filter(assignment=OuterRef("pk"))
    raters = RaterAssignment.objects.filter(assessment=OuterRef("pk"))
    submitted = ExpressionWrapper(Q(submitted_at__isnull=False), output_field=BooleanField())
    by_dimension = _Nested(scores.order_by().values(s=JSONObjectAgg("dimension__code", "score")))
    return _whole(
        raters,
        _as_text(JSONArrayAgg(JSONTuple("kind", submitted, by_dimension))),
        output_field=JSONField(decoder=_DecimalDecoder),
    )


def _whole(queryset, aggregate, output_field=None) -> Subquery:
    """`aggregate` (a plain Func: SUM, COUNT, the JSON aggregates below) over every row of a
    correlated `queryset`, as a scalar subquery. No GROUP BY: one row, whatever matches —
    simpler to build than `values(…).annotate(Aggregate)`, which groups."""
    return Subquery(queryset.order_by().values(v=aggregate), output_field=output_field)


def _as_text(expression) -> Cast:
    """A JSON column read back as its text, for the JSONField to decode: psycopg would parse a
    json value itself (scores as floats), where the field decodes with its own decoder."""
    return Cast(expression, TextField())


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
    ballots = BallotBatch.objects.filter(assessment=OuterRef("pk"))
    tallies = DemocraticTally.objects.filter(assessment=OuterRef("pk"))
    return {
        "issued": _whole(ballots, Func("issued", function="SUM", output_field=IntegerField())),
        "votes": _whole(
            tallies, _as_text(JSONObjectAgg("grade", "votes")), output_field=JSONField()
        ),
    }


class JSONObjectAgg(Func):
    """The rows of a subquery as one {key: value} column (`_whole`) — an assessment's votes
    per grade (one subquery per grade cost more to build than to run), a template's weight
    per dimension, a rater's score per dimension. json_object_agg on PostgreSQL (json, not
    jsonb: the column is only read, and json is built without converting each value),
    json_group_object on SQLite (the embedded default). Read through `_as_text`."""

    function = "JSON_OBJECT_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_OBJECT", **extra_context)


class JSONArrayAgg(Func):
    """The rows of a subquery as one JSON array column (`_whole`, in no particular order):
    json_agg on PostgreSQL (json, as JSONObjectAgg), json_group_array on SQLite."""

    function = "JSON_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


class JSONTuple(Func):
    """A few values of a row as one JSON array, read by position: json_build_array on
    PostgreSQL (json, as JSONObjectAgg; Django's JSONArray builds jsonb), json_array on
    SQLite. Shorter than an object with the same keys on every row."""

    function = "JSON_BUILD_ARRAY"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_ARRAY", **extra_context)


class _Nested(Subquery):
    """A JSON subquery inside a JSON array: SQLite would take its text for a string."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f"JSON({sql})", params


@dataclass
class RaterRow:
    kind: str
    submitted: bool
    scores: dict[str, Decimal]


GRADES = [grade for grade, _ in Grade.choices]


def _live_result(
    template, dimension_weights, raters: list[RaterRow], *, votes, issued, assignments=()
):
    """One assessment's live result from its raters' scores and its ballot figures (as
    `with_ballot_figures` reads them: votes {grade: votes} or None, ballots issued or None)."""
    rater_scores: dict[str, list[Decimal]] = defaultdict(list)
    for rater in raters:
        if rater.submitted and set(rater.scores) >= set(dimension_weights):
            rater_scores[rater.kind].append(scoring.rater_score(rater.scores, dimension_weights))
    tallies = votes or {}
    votes = {grade: tallies[grade] for grade in GRADES if grade in tallies}
    issued = issued or 0
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
    query: the quota line's assessed count and confirmed 优秀, its template's dimension weights
    ({code: weight}), and how many of its assessments `user` sees (`n_visible`, the page's
    Paginator count). Correlated subqueries: each reads the cycle's own rows by index."""
    return (
        AssessmentCycle.objects.visible_to(user)
        .select_related("template", "jurisdiction")
        .annotate(
            **_cycle_figures(),
            n_visible=_count(Assessment.objects.visible_to(user).filter(cycle=OuterRef("pk"))),
        )
    )


def _cycle_figures() -> dict[str, Subquery]:
    """The figures of a cycle that do not depend on who asks."""
    in_cycle = Assessment.objects.filter(cycle=OuterRef("pk"))
    dimensions = Dimension.objects.filter(template=OuterRef("template_id"))
    return {
        "dimension_weights": _whole(
            dimensions, _as_text(JSONObjectAgg("code", "weight")), output_field=JSONField()
        ),
        "n_assessed": _count(in_cycle),
        "n_excellent": _count(in_cycle.filter(grade=Grade.EXCELLENT)),
    }


def cycle_page_rows(user, cycle: AssessmentCycle, fields: list[str]):
    """The assessments of `cycle` that `user` sees, by trainee name, for a Paginator (counted
    by `cycle_page_queryset`: `cycle.n_visible`): dicts of `fields` (of the assessment, its
    trainee and township) with the figures of `with_ballot_figures` and `with_rater_scores`.
    Dicts, not instances: a page of three models per row, the trainee's wide row deferred
    field by field, cost more to build than the whole query."""
    visible = cycle.assessments.visible_to(user).order_by("trainee__name", "pk")
    return with_rater_scores(with_ballot_figures(visible)).values(
        *fields, "issued", "votes", "rater_scores"
    )


def _count(queryset) -> Subquery:
    """COUNT(*) of a correlated queryset as a scalar subquery (0 if nothing matches)."""
    return _whole(queryset, Func("pk", function="COUNT", output_field=IntegerField()))


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
