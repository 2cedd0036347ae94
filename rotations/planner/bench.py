"""Synthetic instances and a benchmark for the planner.

    .venv/bin/python -m rotations.planner.bench             # both targets of issue #8
    .venv/bin/python -m rotations.planner.bench 60 24 84 --townships 12 --limit 5

`synthetic(trainees, months, posts)` is deterministic for a seed: townships of about
`posts // townships` posts each (one village post, the others cycling through the categories),
trainees spread evenly over the townships, some starting late or extended by leave, some with
recorded rotations at the start of the horizon, about half needing a village posting.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import time

from .problem import (
    FixedRotation,
    Names,
    PlannerInput,
    PlannerPost,
    PlannerRules,
    PlannerTrainee,
)

# The required categories first, so that a township of five or more posts offers them all.
REQUIRED = ("党政综合", "经济发展", "社会事务", "乡村振兴")
CATEGORIES = (*REQUIRED, "党建群团", "综合治理")
AFFINITY = {
    "党政综合": frozenset({"law", "politics"}),
    "党建群团": frozenset({"politics", "history"}),
    "经济发展": frozenset({"economics", "finance", "engineering"}),
    "社会事务": frozenset({"sociology", "medicine"}),
    "综合治理": frozenset({"law"}),
    "乡村振兴": frozenset({"agriculture", "economics"}),
}
TAGS = sorted({tag for tags in AFFINITY.values() for tag in tags})


def synthetic(
    trainees: int,
    months: int,
    posts: int,
    *,
    townships: int | None = None,
    seed: int = 0,
    recorded: float = 0.2,
    capacity: int | None = None,
    rules: PlannerRules | None = None,
) -> PlannerInput:
    rng = random.Random(seed)
    townships = townships or max(1, posts // 6)
    counties = max(1, townships // 8)
    post_rows: list[PlannerPost] = []
    for index in range(posts):
        township = index % townships
        slot = index // townships
        village = slot == 0
        post_rows.append(
            PlannerPost(
                id=index + 1,
                township_id=township + 1,
                county_id=township % counties + 1,
                category="村任职" if village else CATEGORIES[(slot - 1) % len(CATEGORIES)],
                capacity=capacity or (2 if village or rng.random() < 0.3 else 1),
                is_village=village,
            )
        )
    rules = rules or PlannerRules(
        required_categories=REQUIRED,
        min_months=2,
        max_months=6,
        village_min_months=3,
        village_max_months=12,
    )
    trainee_rows: list[PlannerTrainee] = []
    fixed: list[FixedRotation] = []
    for index in range(trainees):
        township = index % townships + 1
        start = rng.choice((0, 0, 0, 0, 1, 2))
        own = [
            p
            for p in post_rows
            if p.township_id == township and not p.is_village and p.capacity >= 2
        ]
        free = [p for p in own if p.id not in {f.post_id for f in fixed}]
        if start == 0 and free and rng.random() < recorded:
            # Recorded history: started two months before the horizon, in a post still held.
            start = -2
            fixed.append(FixedRotation(index + 1, free[0].id, -2, rules.min_months))
        trainee = PlannerTrainee(
            id=index + 1,
            township_id=township,
            county_id=(township - 1) % counties + 1,
            start_month=start,
            end_month=months - rng.choice((0, 0, 0, 1)),
            major_tags=frozenset(rng.sample(TAGS, 2)),
            village_required=rng.random() < 0.5,
            mentor_township_id=township,
        )
        trainee_rows.append(trainee)
    return PlannerInput(
        horizon_start_month=datetime.date(2026, 9, 1),
        horizon_months=months,
        posts=tuple(post_rows),
        trainees=tuple(trainee_rows),
        fixed=tuple(fixed),
        rules=rules,
        category_affinity=AFFINITY,
        names=Names(
            trainees={t.id: f"选调生{t.id}" for t in trainee_rows},
            townships={n: f"第{n}镇" for n in range(1, townships + 1)},
        ),
    )


def run(
    trainees, months, posts, *, townships=None, capacity=None, limit=30.0, workers=2, seed=0
) -> dict:
    from .solve import solve
    from .validate import check_proposal

    problem = synthetic(trainees, months, posts, townships=townships, capacity=capacity, seed=seed)
    first: list[float] = []
    load = os.getloadavg()[0]
    cpu = time.process_time()
    started = time.monotonic()
    result = solve(
        problem,
        time_limit_s=limit,
        workers=workers,
        on_solution=lambda _objective: first.append(time.monotonic() - started),
    )
    return {
        "size": f"{trainees}x{months}x{posts}",
        "status": result.status,
        "first_feasible_s": round(first[0], 2) if first else None,
        "wall_s": round(result.wall_time_s, 2),
        # CPU seconds of this process: on a shared machine the load average says how much of
        # the two cores the run actually had.
        "cpu_s": round(time.process_time() - cpu, 2),
        "load_avg_1m": round(load, 1),
        "objective": result.objective,
        "bound": result.best_bound,
        "gap": None if result.gap is None else round(result.gap, 4),
        "proposals": len(result.proposals),
        "violations": len(check_proposal(problem, result)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="trainees months posts")
    parser.add_argument("--townships", type=int)
    parser.add_argument("--capacity", type=int, help="every post's capacity (default: mixed)")
    parser.add_argument("--limit", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.sizes:
        cases = [(*args.sizes, args.townships, args.capacity, args.limit)]
    else:
        # The demo cohort: 12 townships of 7 posts, office posts of capacity 2 as in the
        # demo data; the performance target: 200 trainees over 300 posts of mixed capacity.
        cases = [(60, 24, 84, 12, 2, 5.0), (200, 24, 300, None, None, 30.0)]
    for trainees, months, posts, townships, capacity, limit in cases:
        figures = run(
            trainees,
            months,
            posts,
            townships=townships,
            capacity=capacity,
            limit=limit,
            workers=args.workers,
            seed=args.seed,
        )
        print(figures, flush=True)


if __name__ == "__main__":
    main()
