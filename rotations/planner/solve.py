"""Propose rotations for a set of trainees with OR-Tools CP-SAT.

Model ("arcs"): one Boolean per possible rotation — trainee t holds post p from month m for ℓ
months, for every post t may hold, every start inside t's period and the horizon, and every
length ℓ the rules allow (min..max, village min..max for village posts). A trainee's months are
then covered by a chain of chosen rotations, which makes the rules linear and the LP bound
strong (for one trainee the month-cover matrix is an interval matrix, so its relaxation is
integral):

- every month of the trainee's period inside the horizon is covered by exactly one chosen
  rotation or kept rotation — "no gaps" (`rules.no_gaps`, default) — or at most one;
- lengths are built into the variables, so every proposal lasts min..max months, also one cut
  by the end of the horizon (it becomes a rotation with an end date). Two proposals in the same
  post may not touch (they would be one longer rotation), nor may a proposal touch a kept
  rotation in the same post (that would extend the kept one). Lengths the other rules rule
  out are not offered: a rotation leaves room for one of the minimum length per category still
  to cover (`_months_for_others`), which halves the model when many categories are required;
- capacity: per post and month, chosen rotations covering it + kept rotations + seats taken by
  trainees outside the run (`problem.occupied`) ≤ capacity;
- coverage: each required category (the village one excepted) is held at least once in the
  period, counting kept rotations — also those before the horizon. Checked for trainees whose
  period overlaps the horizon;
- village: a trainee with `village_required` gets at least one village posting; without it, no
  village post (`rules.village_posting_required`, `rules.village_only_if_required`);
- posts only in the trainee's township (county, with `allow_county_posts`); nothing outside the
  period; kept rotations (`problem.fixed`, recorded or pinned) are constants, never changed.

Soft goals, minimised as one weighted sum of counts (`Preferences`): moves (proposals that do
not start the trainee's first month in the horizon); trainee-months in a post whose category
does not suit the trainee's tags (only for trainees who can reach a suitable one); balanced
load — the trainee-months per seat of the busiest post, per township and kind (office /
village); trainee-months outside the mentor's township (only for trainees who can reach both).
A month-by-month crowding penalty was tried first: it made a township take ten times longer
to prove optimal, because its LP relaxation is blind to fractional sharing.

Trainees who can never share a post (different townships, or counties with county posts) are
independent, so the problem is split into connected components, solved side by side; their
objectives and bounds add up. With little time per component, each first gets a plan and the
time left polishes them (`solve`; docs/decisions/0007-planner-search-strategy.md). An
infeasible component is explained by `explain.py`, which uses a month × post model with every
rule group behind an assumption.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial

from ortools.sat.python import cp_model

from .problem import (
    PlannerInput,
    PlannerPost,
    PlannerResult,
    PlannerTrainee,
    ProposedRotation,
)

Progress = Callable[[float], None]
# Seconds a township (4 trainees, 6 to 12 posts, 24 months) needs for a first plan: about 0.25 s
# with the LP, half that with the quick search (200 × 300 benchmark, loaded machine).
FIRST_PLAN_S = 0.25
# With at least this many seconds per township and thread, each is solved outright (the demo
# cohort's townships need 0.1 to 0.3 s each to optimal); with less, every township first gets
# the LP's first plan, so that a whole proposal exists early, and the time left polishes.
DIRECT_SHARE_S = 3.0
# The least a part polishes for: a township needs 0.2 to 1.5 s to optimal at full strength.
POLISH_MIN_S = 2.0


def solve(
    problem: PlannerInput,
    *,
    time_limit_s: float = 30,
    workers: int = 2,
    progress: Progress | None = None,
    explain: bool = True,
    explain_time_limit_s: float = 10,
    seed: int = 0,
    on_solution: Callable[[float], None] | None = None,
) -> PlannerResult:
    """Propose rotations for `problem` within `time_limit_s` seconds on `workers` threads.

    `progress(fraction)` is called with 0..1 as the search goes on (elapsed time over the time
    limit, and components done; from the solver's threads, so keep it cheap) and with 1.0 at
    the end. An infeasible problem is explained within `explain_time_limit_s` more seconds.
    `on_solution(objective)` is called for each improving solution of a component.
    """
    started = time.monotonic()
    deadline = started + time_limit_s
    ticker = _Ticker(progress, started, time_limit_s)
    parts = [
        _Part(p) for p in sorted(components(problem), key=lambda p: -len(p.trainees) * len(p.posts))
    ]
    lock = threading.Lock()
    failed = threading.Event()
    first_plan_times: list[float] = []  # of the LP's first plans so far: the machine's pace

    def found(part: _Part, objective: float) -> None:
        with lock:
            if part.first_plan_s is None:
                part.first_plan_s = time.monotonic() - started
        ticker.tick()
        if on_solution is not None:
            on_solution(objective)

    def run(part: _Part, stage: str, left: list[int]) -> None:
        with lock:
            left[0] -= 1
            waiting = left[0] + 1
        remaining = deadline - time.monotonic()
        if failed.is_set() or (part.result is not None and remaining < 0.05):
            return
        # Threads share what is left evenly among the parts still waiting; when that share is
        # less than an LP plan takes now, the parts still without one get a quick one instead.
        share = max(0.05, remaining) * workers / waiting
        mode = "first" if stage == "first" else "full"
        with lock:
            pace = _pace(first_plan_times)
        if part.result is None and share < pace:
            mode, share = "quick", max(0.05, remaining)  # a plan for every part comes first
        elif stage != "solve":
            # A run cut short loses its presolve and LP, so a part searches for a useful while
            # or not at all; those not reached keep the plan they have.
            share = min(max(share, POLISH_MIN_S), max(0.05, remaining))
        result = _solve_component(part, share, seed, ticker, partial(found, part), mode)
        with lock:
            if mode == "first" and result.status != "unknown":
                first_plan_times.append(result.wall_time_s)
            part.result = _merge(part.result, result)
            if part.result.status in ("optimal", "feasible") and part.first_plan_s is None:
                part.first_plan_s = time.monotonic() - started  # solved without a callback
            ticker.floor = sum(p.result is not None for p in parts) / len(parts)
        ticker.tick(force=True)
        if result.status == "infeasible":
            failed.set()

    # Parts run side by side, one CP-SAT thread each: a small model spends much of its time in
    # single-threaded presolve, so this keeps both cores busy. Polishing gives the time left to
    # the parts not proven optimal, warm-started from their plan (largest gap first), round
    # after round: a part cut short in one round gets what the others leave in the next.
    direct = time_limit_s * workers / max(1, len(parts)) >= DIRECT_SHARE_S
    stage = "solve" if direct else "first"
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool, ticker.running():
        while not failed.is_set() and deadline - time.monotonic() > 0.05:
            todo = [p for p in parts if p.result is None or p.result.status in OPEN]
            if not todo:
                break
            todo.sort(key=_polish_order)
            left = [len(todo)]
            list(pool.map(lambda p, stage=stage, left=left: run(p, stage, left), todo))
            stage = "polish"
    first_found = [p.first_plan_s for p in parts]
    results = [(p.problem, p.result) for p in parts if p.result is not None]

    statuses = {r.status for _, r in results}
    if "infeasible" in statuses:
        status = "infeasible"
    elif "unknown" in statuses or len(results) < len(parts):
        status = "unknown"
    elif statuses <= {"optimal"}:
        status = "optimal"
    else:
        status = "feasible"
    proposals: list[ProposedRotation] = []
    objective = bound = gap = None
    if status in ("optimal", "feasible"):
        proposals = sorted(
            (p for _, r in results for p in r.proposals),
            key=lambda r: (r.trainee_id, r.start_month),
        )
        objective = sum(r.objective for _, r in results)
        bound = sum(r.best_bound for _, r in results)
        gap = 0.0 if status == "optimal" else (objective - bound) / max(1.0, abs(objective))
    explanation = conflicts = None
    if status == "infeasible" and explain:
        from .explain import conflict_text, explain_infeasible

        part = next(p for p, r in results if r.status == "infeasible")
        conflicts = explain_infeasible(part, time_limit_s=explain_time_limit_s)
        explanation = [conflict_text(problem, c) for c in conflicts]
    ticker.done()
    return PlannerResult(
        status=status,
        proposals=proposals,
        objective=objective,
        best_bound=bound,
        gap=gap,
        wall_time_s=time.monotonic() - started,
        explanation=explanation,
        conflicts=conflicts,
        first_plan_s=max(first_found, default=0.0) if status in ("optimal", "feasible") else None,
    )


def components(problem: PlannerInput) -> list[PlannerInput]:
    """Split into independent sub-problems: trainees linked by the posts they may share."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    allow_county = problem.rules.allow_county_posts
    for trainee in problem.trainees:
        find(("t", trainee.id))
        for post in problem.posts:
            if may_hold(trainee, post, allow_county):
                parent[find(("p", post.id))] = find(("t", trainee.id))
    for f in problem.fixed:
        parent[find(("p", f.post_id))] = find(("t", f.trainee_id))
    groups: dict = defaultdict(lambda: ([], []))
    for trainee in problem.trainees:
        groups[find(("t", trainee.id))][0].append(trainee)
    for post in problem.posts:
        if ("p", post.id) in parent:
            groups[find(("p", post.id))][1].append(post)
    parts = []
    for trainees, posts in groups.values():
        ids = {t.id for t in trainees}
        fixed = tuple(f for f in problem.fixed if f.trainee_id in ids)
        post_ids = {p.id for p in posts}
        occupied = tuple(o for o in problem.occupied if o.post_id in post_ids)
        parts.append(
            replace(
                problem,
                trainees=tuple(trainees),
                posts=tuple(posts),
                fixed=fixed,
                occupied=occupied,
            )
        )
    return parts


def may_hold(trainee: PlannerTrainee, post: PlannerPost, allow_county: bool) -> bool:
    """Whether the trainee may be proposed for the post (its township, or county if allowed)."""
    if allow_county:
        return post.county_id == trainee.county_id
    return post.township_id == trainee.township_id


@dataclass
class ArcModel:
    """The CP-SAT model of a problem: `arcs[(trainee, post, start, length)]` is the Boolean
    "this rotation is proposed"."""

    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    arcs: dict[tuple[int, int, int, int], cp_model.IntVar] = field(default_factory=dict)

    def proposals(self, solver: cp_model.CpSolver) -> list[ProposedRotation]:
        return [
            ProposedRotation(t, p, start, start + length)
            for (t, p, start, length), y in self.arcs.items()
            if solver.boolean_value(y)
        ]


def build_model(problem: PlannerInput, *, implied_bounds: bool = True) -> ArcModel:
    """The arc model of `problem`. `implied_bounds=False` leaves out the length bound that
    the rules imply (`_months_for_others`); the tests use it to show the bound cuts no plan."""
    built = ArcModel()
    model, arcs = built.model, built.arcs
    rules, prefs = problem.rules, problem.preferences
    horizon = problem.horizon_months
    posts = {p.id: p for p in problem.posts}
    kept_months: dict[tuple[int, int], list[int]] = defaultdict(list)  # (trainee, month) → posts
    kept_load: dict[tuple[int, int], int] = defaultdict(int)  # (post, month) → trainees
    for f in problem.fixed:
        for m in range(f.start_month, f.end_month):
            kept_months[(f.trainee_id, m)].append(f.post_id)
            if 0 <= m < horizon:
                kept_load[(f.post_id, m)] += 1
    for o in problem.occupied:
        for m in range(max(o.start_month, 0), min(o.end_month, horizon)):
            kept_load[(o.post_id, m)] += 1
    if any(len(held) > 1 for held in kept_months.values()):
        model.add_bool_or([])  # two kept rotations overlap: nothing can fix that
    covering: dict[tuple[int, int], list] = defaultdict(list)  # (post, month) → arcs
    # The objective and each post's trainee-months as coefficient lists: one weighted sum is
    # far cheaper to build than an expression per arc (the build runs under the GIL).
    costs: tuple[list, list] = ([], [])
    load: dict[int, tuple[list, list]] = {p: ([], []) for p, _ in kept_load}
    required = [c for c in rules.required_categories if c != rules.village_category]

    for trainee in problem.trainees:
        first, last = max(trainee.start_month, 0), min(trainee.end_month, horizon)
        free = sorted(m for m in range(first, last) if (trainee.id, m) not in kept_months)
        free_set = set(free)
        kept = [f for f in problem.fixed if f.trainee_id == trainee.id]
        kept_posts = [posts[f.post_id] for f in kept]
        suited = {c for c, tags in problem.category_affinity.items() if tags & trainee.major_tags}
        options = [
            post
            for post in problem.posts
            if may_hold(trainee, post, rules.allow_county_posts)
            and not (
                post.is_village and rules.village_only_if_required and not trainee.village_required
            )
        ]
        for post in options:
            load.setdefault(post.id, ([], []))
        if rules.village_only_if_required and not trainee.village_required:
            in_horizon = [f for f in kept if f.end_month > 0 and f.start_month < horizon]
            if first < last and any(posts[f.post_id].is_village for f in in_horizon):
                model.add_bool_or([])  # a kept village posting in the horizon, which is refused
        match_counts = prefs.major_match and any(p.category in suited for p in options)
        match_counts = match_counts and any(p.category not in suited for p in options)
        mentor = trainee.mentor_township_id
        mentor_counts = prefs.mentor_continuity and mentor is not None
        mentor_counts = mentor_counts and len({p.township_id == mentor for p in options}) == 2
        needs = _needs(trainee, options, kept_posts, rules) if first < last else {}
        held = {f.post_id for f in kept}

        mine: list[tuple[PlannerPost, int, int, cp_model.IntVar]] = []
        by_month: dict[int, list] = defaultdict(list)
        for post in options:
            if post.id in held and not rules.repeat_posts:
                continue  # held already (kept rotation), and posts are not repeated
            low, high = _lengths(post, rules)
            if implied_bounds:
                high = min(high, len(free) - _months_for_others(post, needs))
            per_month = prefs.major_match if match_counts and post.category not in suited else 0
            if mentor_counts and post.township_id != mentor:
                per_month += prefs.mentor_continuity
            for start in free:
                if post.id in kept_months.get((trainee.id, start - 1), ()):
                    continue
                for length in range(low, high + 1):
                    end = start + length
                    if end - 1 not in free_set:
                        break
                    if post.id in kept_months.get((trainee.id, end), ()):
                        continue
                    y = model.new_bool_var("")  # unnamed: names cost a tenth of the build
                    arcs[(trainee.id, post.id, start, length)] = y
                    mine.append((post, start, length, y))
                    for m in range(start, end):
                        covering[(post.id, m)].append(y)
                        by_month[m].append(y)
                    load[post.id][0].append(y)
                    load[post.id][1].append(length)
                    cost = (prefs.fewer_moves if start > first else 0) + per_month * length
                    if cost:
                        costs[0].append(y)
                        costs[1].append(cost)

        for m in free:
            if rules.no_gaps:
                model.add_exactly_one(by_month[m])
            else:
                model.add_at_most_one(by_month[m])
        starts: dict[tuple[int, int], list] = defaultdict(list)
        ends: dict[tuple[int, int], list] = defaultdict(list)
        per_post: dict[int, list] = defaultdict(list)
        for post, start, length, y in mine:
            starts[(post.id, start)].append(y)
            ends[(post.id, start + length)].append(y)
            per_post[post.id].append(y)
        if not rules.repeat_posts:
            for ys in per_post.values():
                model.add_at_most_one(ys)
        for key, ending in ends.items():
            if key in starts:
                model.add_at_most_one(ending + starts[key])  # same post twice in a row

        if first < last:
            for category in required:
                if not any(p.category == category for p in kept_posts):
                    model.add_bool_or([y for p, _, _, y in mine if p.category == category])
            if trainee.village_required and rules.village_posting_required:
                if not any(p.is_village for p in kept_posts):
                    model.add_bool_or([y for p, _, _, y in mine if p.is_village])

    for post_month in sorted(set(covering) | set(kept_load)):
        post_id, _ = post_month
        capacity = posts[post_id].capacity - kept_load[post_month]
        ys = covering[post_month]
        if capacity < 0:
            model.add_bool_or([])  # kept rotations alone overfill the post
        elif len(ys) > capacity:
            model.add(cp_model.LinearExpr.sum(ys) <= capacity)

    if prefs.balanced_load:
        # Months per seat of the busiest post of each kind (office or village) in a township,
        # among the posts a trainee of the run may hold or that hold kept rotations.
        groups: dict[tuple[int, bool], list[int]] = defaultdict(list)
        for post_id in load:
            groups[(posts[post_id].township_id, posts[post_id].is_village)].append(post_id)
        kept_total: dict[int, int] = defaultdict(int)
        for (post_id, _), n in kept_load.items():
            kept_total[post_id] += n
        for post_ids in groups.values():
            if len(post_ids) < 2:
                continue
            busiest = model.new_int_var(0, horizon, "")
            for post_id in post_ids:
                ys, months = load[post_id]
                trainee_months = cp_model.LinearExpr.weighted_sum(ys, months)
                model.add(posts[post_id].capacity * busiest >= trainee_months + kept_total[post_id])
            costs[0].append(busiest)
            costs[1].append(prefs.balanced_load)

    if costs[0]:
        model.minimize(cp_model.LinearExpr.weighted_sum(*costs))
    return built


def _lengths(post: PlannerPost, rules) -> tuple[int, int]:
    if post.is_village:
        return rules.village_min_months, rules.village_max_months
    return rules.min_months, rules.max_months


VILLAGE = object()  # the village posting, as a need beside the required categories


def _needs(trainee, options, kept_posts, rules) -> dict:
    """What the trainee's proposals must still cover → the fewest months each takes: every
    required category not yet held, and a village posting if one is due."""
    needs = {}
    for category in rules.required_categories:
        if category == rules.village_category or any(p.category == category for p in kept_posts):
            continue
        lows = [_lengths(p, rules)[0] for p in options if p.category == category]
        if lows:  # no post of the category at all: infeasible, said by the coverage rule
            needs[category] = min(lows)
    due = trainee.village_required and rules.village_posting_required
    if due and not any(p.is_village for p in kept_posts):
        # A village post of a required category would cover two needs in one rotation; the
        # bound below counts one rotation per need, so then the village need is left out.
        if not any(p.is_village and p.category in needs for p in options):
            needs[VILLAGE] = rules.village_min_months
    return needs


def _months_for_others(post: PlannerPost, needs: dict) -> int:
    """Months the trainee's other proposals take at least, besides one in `post`.

    Each remaining need takes a rotation of its own, disjoint in time from this one and from
    kept rotations, so a proposal can last no longer than the free months minus these. This
    is implied by the rules, not added to them — every plan obeys it — and it halves the model
    of a programme with many required categories (seven of three months or more in 24 months
    leave no rotation longer than six).
    """
    others = {need for need in needs if need != post.category}
    if post.is_village:
        others.discard(VILLAGE)
    return sum(needs[need] for need in others)


OPEN = ("feasible", "unknown")  # a part worth more search


@dataclass
class _Part:
    """An independent part of the problem, its model (built once, reused by the polish stage)
    and the best result so far."""

    problem: PlannerInput
    built: ArcModel | None = None
    result: PlannerResult | None = None
    first_plan_s: float | None = None


def _pace(first_plan_times: list[float]) -> float:
    """Seconds a first plan takes on this machine now (slower when it is loaded): the median of
    the last ten, FIRST_PLAN_S until there are three (the very first runs also warm up)."""
    recent = sorted(first_plan_times[-10:])
    if len(recent) < 3:
        return FIRST_PLAN_S
    return max(FIRST_PLAN_S, recent[len(recent) // 2])


def _polish_order(part: _Part) -> tuple:
    """Parts without a plan first, then the largest gap between plan and bound."""
    r = part.result
    if r is None or r.status == "unknown":
        return (0, 0.0)
    return (1, r.best_bound - r.objective)


def _merge(old: PlannerResult | None, new: PlannerResult) -> PlannerResult:
    """The better plan of two runs on the same part, with the better of their bounds."""
    if old is None or old.status not in ("optimal", "feasible"):
        return new
    if new.status not in ("optimal", "feasible"):
        return old  # unknown: the time ran out before a better plan (infeasible cannot follow)
    best = new if new.objective <= old.objective else old
    bound = max(old.best_bound, new.best_bound)
    status = (
        "optimal"
        if "optimal" in (old.status, new.status) or bound >= best.objective
        else "feasible"
    )
    return replace(best, status=status, best_bound=min(bound, best.objective))


def _solve_component(part: _Part, time_limit_s, seed, ticker, on_solution, mode) -> PlannerResult:
    """One CP-SAT run on `part`, warm-started from its plan if it has one. `mode`: "full"
    searches to optimal, "first" stops at the LP's first plan, "quick" at a cheaper one."""
    started = time.monotonic()
    if part.built is None:
        part.built = build_model(part.problem)
    built = part.built
    built.model.clear_hints()
    if part.result is not None and part.result.proposals:
        chosen = {
            (r.trainee_id, r.post_id, r.start_month, r.end_month - r.start_month)
            for r in part.result.proposals
        }
        for key, y in built.arcs.items():
            built.model.add_hint(y, key in chosen)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = time_limit_s
    params.num_workers = 1
    params.random_seed = seed
    # Measured on the demo cohort and the 200 × 300 benchmark: one presolve round does nearly
    # all the good of three on models this small, and probing costs more than it saves.
    params.max_presolve_iterations = 1
    params.cp_model_probing_level = 0
    params.stop_after_first_solution = mode != "full"
    if mode == "quick":
        # No LP, the variables in order (a trainee's rotations month by month): half the cost
        # of the LP's first plan, for a worse plan and a weak bound. Only when time is short.
        params.linearization_level = 0
        params.search_branching = cp_model.FIXED_SEARCH
    else:
        # One thread with the LP at full strength: it finds a township's first plan from the
        # LP, close to the best, and closes the gap quickly (the default 2-thread portfolio's LP
        # sees only a few rows); pseudo-cost branching closes the last units of the gap faster.
        params.linearization_level = 2
        params.search_branching = cp_model.PSEUDO_COST_SEARCH
    code = solver.solve(built.model, _SolutionCallback(on_solution))
    status = {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
        cp_model.MODEL_INVALID: "invalid",
    }.get(code, "unknown")
    if status == "invalid":
        raise RuntimeError(built.model.validate())
    solved = status in ("optimal", "feasible")
    return PlannerResult(
        status=status,
        proposals=built.proposals(solver) if solved else [],
        objective=solver.objective_value if solved else None,
        best_bound=solver.best_objective_bound if solved else None,
        gap=None,
        wall_time_s=time.monotonic() - started,
    )


class _SolutionCallback(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_solution: Callable[[float], None]):
        super().__init__()
        self.on_solution = on_solution

    def on_solution_callback(self) -> None:
        self.on_solution(self.objective_value)


class _Ticker:
    """Turns solver events into throttled progress fractions: elapsed / time limit, or the
    share of components solved if that is more."""

    def __init__(self, progress: Progress | None, started: float, limit: float):
        self.progress, self.started, self.limit = progress, started, max(limit, 1e-3)
        self.last = -1.0
        self.floor = 0.0  # share of the components solved
        self.lock = threading.Lock()

    def tick(self, *, force: bool = False) -> None:
        if self.progress is None:
            return
        with self.lock:
            fraction = max(self.floor, (time.monotonic() - self.started) / self.limit)
            fraction = min(0.99, max(fraction, self.last))
            if fraction - self.last < 0.01 and not force:
                return
            self.last = fraction
        self.progress(fraction)

    @contextmanager
    def running(self, every: float = 0.25):
        """Tick every `every` seconds meanwhile, so that the progress moves during a long
        search. (The solver's log as a clock cost a tenth of the demo cohort's CPU time.)"""
        if self.progress is None:
            yield
            return
        stop = threading.Event()

        def clock_loop() -> None:
            while not stop.wait(every):
                self.tick()

        clock = threading.Thread(target=clock_loop, daemon=True)
        clock.start()
        try:
            yield
        finally:
            stop.set()
            clock.join()

    def done(self) -> None:
        if self.progress is not None:
            self.progress(1.0)
