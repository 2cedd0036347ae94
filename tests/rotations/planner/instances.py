"""Small planner instances with known answers, shared by the planner tests."""

import datetime

from rotations.planner.problem import (
    FixedRotation,
    Names,
    PlannerInput,
    PlannerPost,
    PlannerRules,
    PlannerTrainee,
)

START = datetime.date(2026, 9, 1)
QINGSHI, LIUHE = 11, 12  # townships of county 1


def two_trainees(fixed: tuple[FixedRotation, ...] = (), **trainee_b) -> PlannerInput:
    """Township 青石镇: one post per category, capacity 1, and a village posting; 柳河镇 next
    door has a 党政综合 post nobody from 青石镇 may take. A needs a village posting, B not."""
    posts = (
        PlannerPost(1, QINGSHI, 1, "党政综合", 1),
        PlannerPost(2, QINGSHI, 1, "经济发展", 1),
        PlannerPost(3, QINGSHI, 1, "乡村振兴", 1),
        PlannerPost(4, QINGSHI, 1, "村任职", 1, is_village=True),
        PlannerPost(5, LIUHE, 1, "党政综合", 5),
    )
    trainees = (
        PlannerTrainee(101, QINGSHI, 1, 0, 8, frozenset({"economics"}), village_required=True),
        PlannerTrainee(
            **{
                "id": 102,
                "township_id": QINGSHI,
                "county_id": 1,
                "start_month": 0,
                "end_month": 8,
                "major_tags": frozenset({"law"}),
                **trainee_b,
            }
        ),
    )
    return PlannerInput(
        horizon_start_month=START,
        horizon_months=8,
        posts=posts,
        trainees=trainees,
        fixed=fixed,
        rules=PlannerRules(
            required_categories=("党政综合", "经济发展", "乡村振兴"),
            min_months=2,
            max_months=4,
            village_min_months=2,
            village_max_months=4,
        ),
        category_affinity={"经济发展": frozenset({"economics"}), "党政综合": frozenset({"law"})},
        names=Names(
            trainees={101: "张三", 102: "李四"},
            townships={QINGSHI: "青石镇", LIUHE: "柳河镇"},
        ),
    )


def crowded_rural_post() -> PlannerInput:
    """Three trainees of 青石镇 need 乡村振兴, whose only post takes one trainee a month, for
    at least two months each — within four months. No plan exists."""
    return PlannerInput(
        horizon_start_month=START,
        horizon_months=4,
        posts=(
            PlannerPost(1, QINGSHI, 1, "乡村振兴", 1),
            PlannerPost(2, QINGSHI, 1, "党政综合", 3),
        ),
        trainees=tuple(PlannerTrainee(100 + n, QINGSHI, 1, 0, 4) for n in range(3)),
        rules=PlannerRules(required_categories=("乡村振兴",), min_months=2, max_months=4),
        names=Names(
            trainees={100: "张三", 101: "李四", 102: "王五"},
            townships={QINGSHI: "青石镇"},
            posts={1: "乡村振兴办公室", 2: "党政办"},
        ),
    )
