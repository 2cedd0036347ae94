"""Reads of the assessment pages: live results, computed by assessments.scoring."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum

from . import scoring
from .models import (
    Assessment,
    AssessmentCycle,
    BallotBatch,
    DemocraticTally,
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
        return [(str(RaterKind(g.kind).label), g.weight, g.score) for g in self.groups]

    @property
    def missing(self) -> list[str]:
        return [str(RaterKind(g.kind).label) for g in self.groups if g.score is None]


def assessment_results(cycle: AssessmentCycle, assessments) -> dict[int, LiveResult]:
    """The live score and proposed grade of each assessment of one cycle, in four queries:
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
    # Vote counts by grade and ballots issued: one query, a subquery per figure.
    grades = [grade for grade, _ in Grade.choices]
    ballots = (
        BallotBatch.objects.filter(assessment=OuterRef("pk"))
        .order_by()
        .values("assessment")
        .annotate(n=Sum("issued"))
        .values("n")
    )
    figures = (
        Assessment.objects.filter(pk__in=ids)
        .order_by()
        .annotate(
            issued=Subquery(ballots),
            **{
                f"votes_{grade}": Subquery(
                    DemocraticTally.objects.filter(assessment=OuterRef("pk"), grade=grade).values(
                        "votes"
                    )[:1]
                )
                for grade in grades
            },
        )
    )
    votes: dict[int, dict[str, int]] = defaultdict(dict)
    issued: dict[int, int] = {}
    for row in figures.values("pk", "issued", *(f"votes_{grade}" for grade in grades)):
        issued[row["pk"]] = row["issued"] or 0
        for grade in grades:
            if row[f"votes_{grade}"] is not None:
                votes[row["pk"]][grade] = row[f"votes_{grade}"]
    results = {}
    for pk in ids:
        rater_scores: dict[str, list[Decimal]] = defaultdict(list)
        submitted = [a for a in by_assessment[pk] if a.submitted_at]
        for assignment in submitted:
            scores = {s.dimension.code: s.score for s in assignment.scores.all()}
            if set(scores) >= set(dimension_weights):
                rater_scores[assignment.kind].append(scoring.rater_score(scores, dimension_weights))
        democratic = scoring.democratic_score(
            votes[pk],
            template.ballot_scores(),
            issued=issued.get(pk) or 0,
            min_turnout_percent=template.min_turnout,
        )
        total = scoring.total_score(
            group_weights=template.group_weights(),
            rater_scores=rater_scores,
            democratic=democratic,
        )
        results[pk] = LiveResult(
            score=total.total,
            proposed=scoring.proposed_grade(total.total, template.grade_floors()),
            groups=total.groups,
            submitted=len(submitted),
            assigned=len(by_assessment[pk]),
            issued=issued.get(pk) or 0,
            votes=votes[pk],
            assignments=by_assessment[pk],
        )
    return results


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
