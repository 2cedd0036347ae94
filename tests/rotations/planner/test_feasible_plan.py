from collections import Counter

from rotations.planner.solve import solve
from rotations.planner.validate import check_proposal

from .instances import QINGSHI, two_trainees


def test_a_small_programme_gets_a_plan_that_keeps_every_hard_rule():
    problem = two_trainees()
    result = solve(problem, time_limit_s=10)

    assert result.status == "optimal"
    assert result.gap == 0.0 and result.objective == result.best_bound
    assert check_proposal(problem, result) == []
    posts = {p.id: p for p in problem.posts}
    rules = problem.rules
    held = Counter()
    for trainee in problem.trainees:
        mine = sorted(
            (r for r in result.proposals if r.trainee_id == trainee.id),
            key=lambda r: r.start_month,
        )
        # No gaps, no overlaps: the proposals tile the whole period.
        assert [r.start_month for r in mine[1:]] == [r.end_month for r in mine[:-1]]
        assert (mine[0].start_month, mine[-1].end_month) == (0, 8)
        for r in mine:
            post = posts[r.post_id]
            assert post.township_id == QINGSHI
            low, high = (2, 4)  # the same for village postings here
            assert low <= r.end_month - r.start_month <= high
            for month in range(r.start_month, r.end_month):
                held[(r.post_id, month)] += 1
        categories = {posts[r.post_id].category for r in mine}
        assert set(rules.required_categories) <= categories
        assert ("村任职" in categories) == trainee.village_required
        assert len({r.post_id for r in mine}) == len(mine)  # each post once
    assert all(count <= posts[post_id].capacity for (post_id, _), count in held.items())


def test_the_progress_callback_ends_at_one():
    seen: list[float] = []
    solve(two_trainees(), time_limit_s=10, progress=seen.append)

    assert seen[-1] == 1.0
    assert all(0 <= f <= 1 for f in seen)
    assert seen == sorted(seen)


def test_months_outside_a_trainees_period_get_no_post():
    problem = two_trainees(start_month=2, end_month=8)
    result = solve(problem, time_limit_s=10)

    assert result.status == "optimal"
    assert check_proposal(problem, result) == []
    late = [r for r in result.proposals if r.trainee_id == 102]
    assert min(r.start_month for r in late) == 2
