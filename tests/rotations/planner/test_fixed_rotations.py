from rotations.planner.problem import FixedRotation
from rotations.planner.solve import solve
from rotations.planner.validate import check_proposal

from .instances import two_trainees

PINNED = FixedRotation(trainee_id=101, post_id=3, start_month=0, end_month=2)
RECORDED = FixedRotation(trainee_id=102, post_id=2, start_month=-3, end_month=1)


def test_pinned_and_recorded_rotations_are_kept_exactly():
    problem = two_trainees(fixed=(PINNED, RECORDED), start_month=-3)
    result = solve(problem, time_limit_s=10)

    assert result.status == "optimal"
    assert check_proposal(problem, result) == []
    a = [r for r in result.proposals if r.trainee_id == 101]
    b = [r for r in result.proposals if r.trainee_id == 102]
    # Nothing proposed over the kept months, and the kept rotations are not extended.
    assert min(r.start_month for r in a) == 2
    assert min(r.start_month for r in b) == 1
    assert all(r.post_id != 3 for r in a)
    assert all(r.post_id != 2 for r in b)  # 经济发展 is covered by the recorded rotation
    # The pinned rotation still takes the post's only seat in its months.
    assert not any(r.post_id == 3 and r.start_month < 2 for r in b)


def test_two_kept_rotations_that_overlap_make_the_plan_impossible():
    clash = FixedRotation(trainee_id=101, post_id=1, start_month=1, end_month=3)
    result = solve(two_trainees(fixed=(PINNED, clash)), time_limit_s=10)

    assert result.status == "infeasible"
    assert {c.code for c in result.conflicts} == {"fixed"}
