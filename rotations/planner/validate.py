"""Re-check a planner result against every hard rule, independently of the CP-SAT model.

Works on rotations as date-free month ranges, the way the rotation service will see them, and
shares no code with `solve.py`. The messages are for developers and logs (English, not
translated); staff see the rotation service's own messages when a proposal is accepted.
"""

from __future__ import annotations

from collections import defaultdict

from .problem import FixedRotation, PlannerInput, PlannerResult, ProposedRotation


def check_proposal(problem: PlannerInput, result: PlannerResult) -> list[str]:
    """Every broken hard rule, one message each; an empty list means the result is valid."""
    if result.status not in ("optimal", "feasible"):
        return [f"{result.status} result carries proposals"] if result.proposals else []
    rules, horizon = problem.rules, problem.horizon_months
    posts = {p.id: p for p in problem.posts}
    trainees = {t.id: t for t in problem.trainees}
    errors: list[str] = []

    rotations: list[tuple[FixedRotation | ProposedRotation, bool]] = [
        (f, False) for f in problem.fixed
    ]
    for r in result.proposals:
        trainee, post = trainees.get(r.trainee_id), posts.get(r.post_id)
        if trainee is None or post is None:
            errors.append(f"{r}: unknown trainee or post")
            continue
        rotations.append((r, True))
        if not 0 <= r.start_month < r.end_month <= horizon:
            errors.append(f"{r}: outside the horizon [0, {horizon})")
        if r.start_month < trainee.start_month or r.end_month > trainee.end_month:
            errors.append(f"{r}: outside the trainee's training period")
        place_ok = (
            post.county_id == trainee.county_id
            if rules.allow_county_posts
            else post.township_id == trainee.township_id
        )
        if not place_ok:
            errors.append(f"{r}: post outside the trainee's township or county")
        low, high = (
            (rules.village_min_months, rules.village_max_months)
            if post.is_village
            else (rules.min_months, rules.max_months)
        )
        if not low <= r.end_month - r.start_month <= high:
            errors.append(f"{r}: lasts {r.end_month - r.start_month} months, not {low}..{high}")

    held: dict[tuple[int, int], list] = defaultdict(list)
    occupants: dict[tuple[int, int], int] = defaultdict(int)
    for r, _ in rotations:
        for m in range(r.start_month, r.end_month):
            held[(r.trainee_id, m)].append(r)
            if 0 <= m < horizon:
                occupants[(r.post_id, m)] += 1
    for (trainee_id, m), here in sorted(held.items()):
        if len(here) > 1:
            errors.append(f"trainee {trainee_id} holds {len(here)} posts in month {m}")
    for o in problem.occupied:
        for m in range(max(o.start_month, 0), min(o.end_month, horizon)):
            occupants[(o.post_id, m)] += 1
    for (post_id, m), count in sorted(occupants.items()):
        if count > posts[post_id].capacity:
            errors.append(f"post {post_id} holds {count} trainees in month {m}")

    for r, proposed in rotations:
        if not proposed:
            continue
        for m in (r.start_month - 1, r.end_month):
            if any(o.post_id == r.post_id for o in held.get((r.trainee_id, m), [])):
                errors.append(f"{r}: runs on into another rotation in the same post")

    required = [c for c in rules.required_categories if c != rules.village_category]
    for trainee in problem.trainees:
        months = range(max(trainee.start_month, 0), min(trainee.end_month, horizon))
        if not months:
            continue
        mine = [r for r, _ in rotations if r.trainee_id == trainee.id]
        if rules.no_gaps:
            gaps = [m for m in months if (trainee.id, m) not in held]
            if gaps:
                errors.append(f"trainee {trainee.id} has no post in months {gaps}")
        if not rules.repeat_posts:
            proposed = [r.post_id for r, new in rotations if new and r.trainee_id == trainee.id]
            kept_posts = {f.post_id for f in problem.fixed if f.trainee_id == trainee.id}
            twice = {p for p in proposed if proposed.count(p) > 1 or p in kept_posts}
            if twice:
                errors.append(f"trainee {trainee.id} is proposed again for posts {sorted(twice)}")
        covered = {posts[r.post_id].category for r in mine}
        for category in required:
            if category not in covered:
                errors.append(f"trainee {trainee.id} never holds a {category} post")
        village = [r for r in mine if posts[r.post_id].is_village]
        if trainee.village_required and rules.village_posting_required and not village:
            errors.append(f"trainee {trainee.id} needs a village posting and has none")
        # Only the plan counts: history before the horizon stays, and so does a rotation
        # recorded after it (the explanation model has no months there either).
        village = [r for r in village if r.end_month > 0 and r.start_month < horizon]
        if not trainee.village_required and rules.village_only_if_required and village:
            errors.append(f"trainee {trainee.id} holds a village post without needing one")
    return errors
