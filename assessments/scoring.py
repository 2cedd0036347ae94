"""Pure scoring rules: no database, no Django models — plain numbers in, numbers out.

The rules, stated once:

1. A rater's score is the weighted mean of their dimension scores (德能勤绩廉 weights).
2. A rater group's score is the plain mean of its submitted raters' scores.
3. The democratic evaluation's score is the mean of the template's score per grade, weighted by
   the votes for each grade; it counts only if turnout (votes / ballots issued) reaches the
   template's minimum.
4. The total is the weighted mean of the group scores. **A missing group** (no submitted
   rater, or democratic turnout too low) **is left out and its weight is redistributed to the
   present groups in proportion to their weights** — i.e. the total divides by the sum of the
   present groups' weights. With no group present there is no score.
5. Scores are rounded half-up to 2 decimals, only at the end.
6. The proposed grade is the highest band whose lower bound the score reaches.
7. The 优秀 quota for n assessed at q% is floor(n × q / 100), but at least 1 when n ≥ 1
   (so 7 × 20% = 1.4 → 1; 10 × 20% → 2; 3 × 20% = 0.6 → 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
BELOW_ALL_BANDS = "incompetent"


@dataclass(frozen=True)
class GroupResult:
    kind: str
    weight: int
    score: Decimal | None  # None: the group is missing
    raters: int


@dataclass(frozen=True)
class ScoreResult:
    total: Decimal | None
    groups: list[GroupResult]

    @property
    def missing(self) -> list[str]:
        return [g.kind for g in self.groups if g.weight and g.score is None]


def rater_score(scores: Mapping[str, Decimal], dimension_weights: Mapping[str, int]) -> Decimal:
    """Rule 1: the weighted mean of one rater's dimension scores (unrounded)."""
    total_weight = sum(dimension_weights.values())
    if not total_weight:
        raise ValueError("dimension weights sum to zero")
    weighted = sum(Decimal(scores[code]) * weight for code, weight in dimension_weights.items())
    return Decimal(weighted) / Decimal(total_weight)


def democratic_score(
    votes: Mapping[str, int],
    ballot_scores: Mapping[str, int],
    *,
    issued: int,
    min_turnout_percent: int,
) -> Decimal | None:
    """Rule 3: the vote-weighted mean of the grade scores, or None below the minimum turnout."""
    cast = sum(votes.values())
    if cast == 0 or issued <= 0 or cast * 100 < issued * min_turnout_percent:
        return None
    points = sum(Decimal(ballot_scores[grade]) * n for grade, n in votes.items())
    return Decimal(points) / Decimal(cast)


def total_score(
    *,
    group_weights: Mapping[str, int],
    rater_scores: Mapping[str, Iterable[Decimal]],
    democratic: Decimal | None = None,
    democratic_kind: str = "democratic",
) -> ScoreResult:
    """Rules 2 and 4: combine the groups, redistributing a missing group's weight."""
    groups = []
    for kind, weight in group_weights.items():
        if not weight:
            continue
        if kind == democratic_kind:
            groups.append(GroupResult(kind, weight, democratic, 0 if democratic is None else 1))
            continue
        scores = list(rater_scores.get(kind, ()))
        mean = sum(scores, Decimal(0)) / len(scores) if scores else None
        groups.append(GroupResult(kind, weight, mean, len(scores)))
    present = [g for g in groups if g.score is not None]
    present_weight = sum(g.weight for g in present)
    if not present_weight:
        return ScoreResult(total=None, groups=groups)
    weighted = sum((g.score * g.weight for g in present), Decimal(0))
    return ScoreResult(total=round2(weighted / present_weight), groups=groups)


def proposed_grade(score: Decimal | None, floors: Iterable[tuple[str, Decimal]]) -> str:
    """Rule 6: floors are (grade, lowest score) from the best grade down."""
    if score is None:
        return ""
    for grade, floor in floors:
        if score >= floor:
            return grade
    return BELOW_ALL_BANDS


def excellent_quota(assessed: int, quota_percent: int) -> int:
    """Rule 7: floor(n × q / 100), at least 1 when anyone is assessed."""
    if assessed <= 0:
        return 0
    return max(1, assessed * quota_percent // 100)


def round2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def working_days(start, end) -> int:
    """Monday–Friday days from `start` to `end`, both included (public holidays are not
    modelled: staff choose a longer notice across a holiday)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    weekday = start.weekday()
    for offset in range(rest):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count
