import dataclasses
import datetime

import pytest

from rotations.planner.problem import (
    FixedRotation,
    PlannerResult,
    ProposedRotation,
    month_index,
    month_start,
)
from rotations.planner.validate import check_proposal

from .instances import START, two_trainees

# A valid plan for `two_trainees()`, written out by hand.
GOOD = [
    ProposedRotation(101, 2, 0, 2),
    ProposedRotation(101, 1, 2, 4),
    ProposedRotation(101, 3, 4, 6),
    ProposedRotation(101, 4, 6, 8),
    ProposedRotation(102, 1, 0, 2),
    ProposedRotation(102, 3, 2, 4),
    ProposedRotation(102, 2, 4, 8),
]


def result(proposals) -> PlannerResult:
    return PlannerResult("feasible", proposals, 0, 0, 0, 0.0)


def test_a_valid_plan_passes():
    assert check_proposal(two_trainees(), result(GOOD)) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({6: ProposedRotation(102, 3, 4, 8)}, "holds 2 trainees"),  # 乡村振兴 seats one
        ({6: ProposedRotation(102, 2, 4, 9)}, "outside the horizon"),
        ({6: ProposedRotation(102, 5, 4, 8)}, "outside the trainee's township"),
        ({6: ProposedRotation(102, 2, 4, 5)}, "has no post in months [5, 6, 7]"),
        ({3: ProposedRotation(101, 4, 6, 7)}, "lasts 1 months"),
        ({5: ProposedRotation(102, 1, 2, 4)}, "proposed again"),
        ({5: ProposedRotation(102, 4, 2, 4)}, "without needing one"),
        ({0: ProposedRotation(101, 1, 0, 2)}, "runs on into another rotation"),
    ],
)
def test_each_broken_rule_is_reported(change, message):
    proposals = [change.get(n, r) for n, r in enumerate(GOOD)]
    errors = check_proposal(two_trainees(), result(proposals))
    assert any(message in e for e in errors), errors


def test_overlapping_a_kept_rotation_is_reported():
    problem = two_trainees(fixed=(FixedRotation(101, 2, 0, 2),))
    errors = check_proposal(problem, result(GOOD))
    assert any("holds 2 posts in month 0" in e for e in errors)


def test_a_missing_category_is_reported():
    proposals = [r for r in GOOD if r.trainee_id != 101] + [
        ProposedRotation(101, 2, 0, 2),
        ProposedRotation(101, 1, 2, 4),
        ProposedRotation(101, 4, 4, 8),
    ]
    errors = check_proposal(two_trainees(), result(proposals))
    assert errors == ["trainee 101 never holds a 乡村振兴 post"]


def test_an_infeasible_result_may_carry_no_proposals():
    problem = two_trainees()
    failed = dataclasses.replace(result(GOOD), status="infeasible")
    assert check_proposal(problem, failed) == ["infeasible result carries proposals"]


def test_months_and_dates_convert_both_ways():
    assert month_index(datetime.date(2027, 1, 31), START) == 4
    assert month_start(START, 4) == datetime.date(2027, 1, 1)
    assert month_start(START, -9) == datetime.date(2025, 12, 1)
    assert month_index(month_start(START, 30), START) == 30


def test_inconsistent_input_is_refused():
    with pytest.raises(ValueError, match="outside the trainee's training period"):
        two_trainees(fixed=(FixedRotation(101, 1, -1, 2),))
