import dataclasses

from django.utils import translation

from rotations.planner.explain import MSG_CAPACITY_SHORT, MSG_MIN_LENGTH, MSG_NO_POST
from rotations.planner.solve import solve

from .instances import QINGSHI, crowded_rural_post, two_trainees


def test_the_explanation_names_the_crowded_post_and_its_numbers():
    with translation.override("en"):
        result = solve(crowded_rural_post(), time_limit_s=10)

    assert result.status == "infeasible"
    assert result.proposals == []
    short = next(c for c in result.conflicts if c.code == "capacity_short")
    assert short.params == {
        "category": "乡村振兴",
        "township_id": QINGSHI,
        "capacity": 1,
        "count": 3,
        "month": 4,
    }
    assert ("capacity", 1) in short.rules
    # Without the minimum length each trainee could take one month: that rule is part of it.
    assert "min_length" in {c.code for c in result.conflicts}
    assert "乡村振兴 posts in 青石镇 can take 1 trainees a month; 3 need one before 2027-01." in (
        result.explanation
    )


def test_the_explanation_is_in_chinese_by_default():
    with translation.override("zh-hans"):
        result = solve(crowded_rural_post(), time_limit_s=10)
        expected = str(
            MSG_CAPACITY_SHORT
            % {
                "category": "乡村振兴",
                "township": "青石镇",
                "capacity": 1,
                "count": 3,
                "month": "2027年1月",
            }
        )
        minimum = str(MSG_MIN_LENGTH % {"min": 2, "village_min": 3})

    assert expected in result.explanation
    assert "青石镇" in expected and "乡村振兴" in expected and "2027年1月" in expected
    assert "can take" not in expected  # it was translated
    assert minimum in result.explanation


def test_the_core_is_minimal():
    result = solve(crowded_rural_post(), time_limit_s=10)
    core = [rule for c in result.conflicts for rule in c.rules]
    # Three trainees need the post; two of them must keep the two-month minimum.
    assert sorted(r for r in core if r[0] == "coverage") == [
        ("coverage", 100, "乡村振兴"),
        ("coverage", 101, "乡村振兴"),
        ("coverage", 102, "乡村振兴"),
    ]
    assert len([r for r in core if r[0] == "min_length"]) == 2
    assert not [r for r in core if r[0] in ("no_gaps", "max_length", "fixed")]


def test_a_township_without_a_required_category_is_named():
    problem = two_trainees()
    problem = dataclasses.replace(
        problem, posts=tuple(p for p in problem.posts if p.category != "乡村振兴")
    )
    with translation.override("en"):
        result = solve(problem, time_limit_s=10)
        expected = {
            str(MSG_NO_POST % {"township": "青石镇", "category": "乡村振兴", "trainee": name})
            for name in ("张三", "李四")
        }

    assert result.status == "infeasible"
    assert len(result.explanation) == 1  # one trainee without the post is reason enough
    assert result.explanation[0] in expected
