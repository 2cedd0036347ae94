"""Reads of the assessment pages: live results, computed by assessments.scoring."""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    Exists,
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

from accounts.models import OrgUnit
from accounts.prepared import prepared_cursor
from accounts.scoping import sql_scope, sql_scope_params, sql_trainee_condition, units_q
from cadets.models import Trainee

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


@functools.cache
def _rater_scores() -> Subquery:
    # Built once (as the other expressions below): it is the same for every page, annotate()
    # resolves a copy of it, and building it cost more than the database takes to run it.
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


@functools.cache
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
    """The cycles with what the cycle page shows about the whole cycle, in the same query: the
    quota line's assessed count and confirmed 优秀, how many of its assessments the user sees
    (the page count) and whether the cycle's jurisdiction is the user's own (the close-cycle
    rule, rules.owns_cycle), and its template's dimension weights ({code: weight}).
    Correlated subqueries: each reads the cycle's own rows by index.

    Not filtered by `visible_to(user)`: its two conditions are the last two figures, so the
    page asks `cycle_visible` instead of having the database (and the ORM) build them twice."""
    return AssessmentCycle.objects.select_related("template", "jurisdiction").annotate(
        **_cycle_figures(),
        n_visible=_count(Assessment.objects.visible_to(user).filter(cycle=OuterRef("pk"))),
        is_own=Exists(OrgUnit.objects.filter(units_q(user), pk=OuterRef("jurisdiction_id"))),
    )


@functools.cache
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


def cycle_visible(user, cycle: AssessmentCycle) -> bool:
    """`AssessmentCycle.objects.visible_to(user)` for a cycle of `cycle_page_queryset`: the
    jurisdiction is in an organisation staff member's subtree (`is_own`), or the user sees one
    of its assessments (`n_visible`). tests/assessments/test_cycle_page.py checks the two agree."""
    if user.is_superuser:
        return True
    if user.is_authenticated and user.is_org_staff and cycle.is_own:
        return True
    return cycle.n_visible > 0


# The cycle page on PostgreSQL ----------------------------------------------------------------
#
# The cycle page's two queries (the cycle with its figures, a page of its visible assessments
# with theirs) cost more to build and compile through the ORM than PostgreSQL takes to run them,
# and planning them took longer again than running them (issue 9). On PostgreSQL they are
# written by hand and prepared (planned once per connection, accounts/prepared.py; ADR 0009),
# for the users whose scope the statements can state: superusers and organisation staff with a
# unit. Everyone else, and SQLite, goes through the ORM twins (`cycle_page_queryset` and the
# view's queryset), which are the specification: tests/assessments/test_cycle_sql.py checks
# that both give the same on varied data.


def cycle_for_page(user, pk: int) -> AssessmentCycle | None:
    """The cycle `pk` as `cycle_page_queryset(user)` gives it (None if there is none)."""
    scope = sql_scope(user)
    if scope is None:
        return cycle_page_queryset(user).filter(pk=pk).first()
    return _cycle_sql(user, pk, scope)


def cycle_page_rows(user, cycle: AssessmentCycle, fields: list[str]):
    """The assessments of `cycle` that `user` sees, by trainee name, for a Paginator: with
    `only(*fields)` of them and their trainee (and township), annotated by
    `with_ballot_figures` and `with_rater_scores`. A queryset through the ORM; on PostgreSQL a
    sequence whose slices run the hand-written query (its length is the cycle's `n_visible`)."""
    scope = sql_scope(user)
    if scope is None:
        visible = (
            cycle.assessments.visible_to(user)
            .select_related("trainee__township")
            .only(*fields)
            .order_by("trainee__name", "pk")
        )
        return with_rater_scores(with_ballot_figures(visible))
    return _RowsSql(user, cycle, scope)


_TEMPLATE = AssessmentCycle.template.field.related_model
_CYCLE_FIELDS = [f.attname for f in AssessmentCycle._meta.concrete_fields]
_TEMPLATE_FIELDS = [f.attname for f in _TEMPLATE._meta.concrete_fields]
_UNIT_FIELDS = [f.attname for f in OrgUnit._meta.concrete_fields]


def _columns(alias: str, model, attnames: list[str]) -> list[str]:
    return [f'{alias}."{model._meta.get_field(name).column}"' for name in attnames]


def _cycle_sql(user, pk: int, scope) -> AssessmentCycle | None:
    with prepared_cursor() as cursor:  # planned once per connection (accounts/prepared.py)
        cursor.execute(_cycle_statement(scope[0]), {"pk": pk, **sql_scope_params(user, scope)})
        row = cursor.fetchone()
    if row is None:
        return None
    alias = connection.alias
    n_cycle, n_template = len(_CYCLE_FIELDS), len(_TEMPLATE_FIELDS)
    cycle = AssessmentCycle.from_db(alias, _CYCLE_FIELDS, row[:n_cycle])
    template = _TEMPLATE.from_db(alias, _TEMPLATE_FIELDS, row[n_cycle : n_cycle + n_template])
    at = n_cycle + n_template
    unit = OrgUnit.from_db(alias, _UNIT_FIELDS, row[at : at + len(_UNIT_FIELDS)])
    AssessmentCycle.template.field.set_cached_value(cycle, template)
    AssessmentCycle.jurisdiction.field.set_cached_value(cycle, unit)
    weights, cycle.n_assessed, cycle.n_excellent, cycle.n_visible, cycle.is_own = row[
        at + len(_UNIT_FIELDS) :
    ]
    cycle.dimension_weights = _json(weights)
    return cycle


@functools.cache
def _cycle_statement(kind: str) -> str:
    cycle, template, unit = AssessmentCycle._meta, _TEMPLATE._meta, OrgUnit._meta
    dimension, assessment, trainee = Dimension._meta, Assessment._meta, Trainee._meta
    columns = (
        _columns("c", AssessmentCycle, _CYCLE_FIELDS)
        + _columns("tp", _TEMPLATE, _TEMPLATE_FIELDS)
        + _columns("j", OrgUnit, _UNIT_FIELDS)
    )
    # units_q(user): the jurisdiction is the unit or lies up to four levels under it.
    own = (
        "TRUE"
        if kind == "all"
        else "COALESCE(%(unit)s IN (j.id, j.parent_id, p1.parent_id, p2.parent_id,"
        " p3.parent_id), FALSE)"
    )
    # Only identifiers from the models and constants are formatted in; values are parameters.
    return f"""
        SELECT {", ".join(columns)},
               (SELECT JSONB_OBJECT_AGG(d.code, d.weight) FROM "{dimension.db_table}" d
                 WHERE d.template_id = c.template_id),
               (SELECT COUNT(*) FROM "{assessment.db_table}" a WHERE a.cycle_id = c.id),
               (SELECT COUNT(*) FROM "{assessment.db_table}" a
                 WHERE a.cycle_id = c.id AND a.grade = '{Grade.EXCELLENT}'),
               (SELECT COUNT(*) FROM "{assessment.db_table}" a
                  JOIN "{trainee.db_table}" t ON t.id = a.trainee_id
                 WHERE a.cycle_id = c.id AND {sql_trainee_condition(kind)}),
               {own}
          FROM "{cycle.db_table}" c
          JOIN "{template.db_table}" tp ON tp.id = c.template_id
          JOIN "{unit.db_table}" j ON j.id = c.jurisdiction_id
          LEFT JOIN "{unit.db_table}" p1 ON p1.id = j.parent_id
          LEFT JOIN "{unit.db_table}" p2 ON p2.id = p1.parent_id
          LEFT JOIN "{unit.db_table}" p3 ON p3.id = p2.parent_id
         WHERE c.id = %(pk)s"""  # noqa: S608


class _RowsSql:
    """A cycle's visible assessments as a Paginator's object list: its length is the cycle's
    `n_visible`, a slice runs the hand-written query for those rows."""

    def __init__(self, user, cycle: AssessmentCycle, scope) -> None:
        self.user, self.cycle, self.scope = user, cycle, scope

    def __len__(self) -> int:
        return self.cycle.n_visible

    def __getitem__(self, index: slice) -> list[Assessment]:
        start, stop, _ = index.indices(len(self))
        params = {
            "cycle": self.cycle.pk,
            "offset": start,
            "limit": max(stop - start, 0),
            **sql_scope_params(self.user, self.scope),
        }
        with prepared_cursor() as cursor:  # planned once per connection
            cursor.execute(_rows_statement(self.scope[0]), params)
            rows = cursor.fetchall()
        alias = connection.alias  # once: `connection` is a proxy, each attribute a lookup
        return [_assessment_row(alias, row) for row in rows]


# The columns of the page's rows, in the models' order (as `from_db` expects them): those of
# views.CYCLE_ROW_FIELDS.
_ROW_FIELDS = [
    f.attname
    for f in Assessment._meta.concrete_fields
    if f.attname
    in (
        "id",
        "cycle_id",
        "trainee_id",
        "grade",
        "staff_comment",
        "acknowledged_at",
        "objection",
        "probation_decision",
    )
]
_ROW_TRAINEE = [
    f.attname for f in Trainee._meta.concrete_fields if f.attname in ("id", "name", "township_id")
]
_ROW_UNIT = ["id", "name"]


def _assessment_row(alias: str, row) -> Assessment:
    n, n_trainee = len(_ROW_FIELDS), len(_ROW_TRAINEE)
    assessment = Assessment.from_db(alias, _ROW_FIELDS, row[:n])
    assessment.issued, votes, raters = row[n : n + 3]
    assessment.votes = _json(votes)
    assessment.rater_scores = _json(raters, _DECIMALS)
    at = n + 3
    trainee = Trainee.from_db(alias, _ROW_TRAINEE, row[at : at + n_trainee])
    township = OrgUnit.from_db(alias, _ROW_UNIT, row[at + n_trainee :])
    Trainee.township.field.set_cached_value(trainee, township)
    Assessment.trainee.field.set_cached_value(assessment, trainee)
    return assessment


@functools.cache
def _rows_statement(kind: str) -> str:
    assessment, trainee, unit = Assessment._meta, Trainee._meta, OrgUnit._meta
    ballots, tallies = BallotBatch._meta, DemocraticTally._meta
    raters, scores, dimension = RaterAssignment._meta, DimensionScore._meta, Dimension._meta
    row = _columns("a", Assessment, _ROW_FIELDS)
    related = _columns("t", Trainee, _ROW_TRAINEE) + _columns("o", OrgUnit, _ROW_UNIT)
    # with_ballot_figures (issued, votes) and with_rater_scores ([{"kind", "submitted",
    # "scores": {code: score}}]) as the ORM writes them, but as json rather than jsonb: the text
    # is all Python reads, and building it skips jsonb's binary form (a third of the statement's
    # time; an assessment has one tally per grade, an assignment one score per dimension, so
    # no key repeats). As text, which `_json` decodes as the JSONField does (psycopg would
    # decode json itself, with floats for the scores). Only identifiers from the models are
    # formatted in; values are parameters.
    return f"""
        SELECT {", ".join(row)},
               (SELECT SUM(b.issued) FROM "{ballots.db_table}" b WHERE b.assessment_id = a.id),
               (SELECT JSON_OBJECT_AGG(v.grade, v.votes)::text FROM "{tallies.db_table}" v
                 WHERE v.assessment_id = a.id),
               (SELECT JSON_AGG(JSON_BUILD_OBJECT(
                         'kind', r.kind, 'submitted', r.submitted_at IS NOT NULL,
                         'scores', (SELECT JSON_OBJECT_AGG(d.code, s.score)
                                      FROM "{scores.db_table}" s
                                      JOIN "{dimension.db_table}" d ON d.id = s.dimension_id
                                     WHERE s.assignment_id = r.id)))::text
                  FROM "{raters.db_table}" r WHERE r.assessment_id = a.id),
               {", ".join(related)}
          FROM "{assessment.db_table}" a
          JOIN "{trainee.db_table}" t ON t.id = a.trainee_id
          JOIN "{unit.db_table}" o ON o.id = t.township_id
         WHERE a.cycle_id = %(cycle)s AND {sql_trainee_condition(kind)}
         ORDER BY t.name, a.id
         LIMIT %(limit)s OFFSET %(offset)s"""  # noqa: S608


_DECIMALS = json.JSONDecoder(parse_float=Decimal)
_PLAIN = json.JSONDecoder()


def _json(value, decoder=_PLAIN):
    """A jsonb column as the ORM's JSONField gives it (Django reads jsonb as text)."""
    if not isinstance(value, str):
        return value
    return decoder.decode(value)


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
