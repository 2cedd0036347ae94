"""Say why no plan exists, in sentences staff understand.

The problem is rebuilt as a month × post model (one Boolean per trainee, post and month) in
which every rule *group* — one trainee's coverage of one category, one post's capacity, one
trainee's rotation lengths, one kept rotation, … — is enforced only under its own assumption
literal. CP-SAT proves the model infeasible under all assumptions and returns a sufficient
subset (`sufficient_assumptions_for_infeasibility`); that core is then minimised by deletion
(drop one group, re-solve with a short limit, keep it dropped while still infeasible) and each
group left is worded. Ids stay in the core (`Conflict.rules`); names come in only when a
conflict is worded, through `conflict_text`, in the active language.

This model states the same rules as the optimisation model of `solve.py` (arcs), cell by cell;
the tests check that both agree on which problems are infeasible.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from ortools.sat.python import cp_model

from .problem import Conflict, PlannerInput
from .solve import may_hold

MSG_CAPACITY_SHORT = _(
    "%(category)s posts in %(township)s can take %(capacity)s trainees a month; "
    "%(count)s need one before %(month)s."
)
MSG_NO_POST = _("%(township)s has no %(category)s post that %(trainee)s may hold.")
MSG_COVERAGE = _("%(trainee)s must hold posts of %(categories)s between %(start)s and %(end)s.")
MSG_VILLAGE_POSTING = _("%(trainee)s needs a village posting between %(start)s and %(end)s.")
MSG_POST_CAPACITY = _("%(post)s in %(township)s takes at most %(capacity)s trainees a month.")
MSG_MIN_LENGTH = _(
    "A posting lasts at least %(min)s months (a village posting at least %(village_min)s)."
)
MSG_MAX_LENGTH = _(
    "A posting lasts at most %(max)s months (a village posting at most %(village_max)s)."
)
MSG_NO_GAPS = _("%(trainees)s must hold a post in every month of their training period.")
MSG_VILLAGE_ONLY = _("%(trainees)s may not hold a village post: their plans call for none.")
MSG_NO_REPEAT = _("%(trainees)s may hold each post only once.")
MSG_FIXED = _("%(trainee)s's rotation in %(post)s from %(start)s to %(end)s is kept as it is.")
MSG_UNEXPLAINED = _(
    "No plan satisfies these rules, and the planner could not narrow down why in time."
)
MSG_MONTH = _("%(year)d-%(month)02d")


def explain_infeasible(problem: PlannerInput, *, time_limit_s: float = 10) -> list[Conflict]:
    """A small set of rule groups that cannot all hold, as worded-later `Conflict`s."""
    deadline = time.monotonic() + time_limit_s
    built = build_guarded_model(problem)
    groups = list(built.guards)
    status, core = _check(built, groups, deadline - time.monotonic())
    if status != cp_model.INFEASIBLE:
        return [Conflict("unexplained", (), {})]
    # Presolve may report a literal that is not an assumption (or–tools #5141): keep only
    # ours, and fall back to every group if the core does not hold up on its own.
    core = [g for g in groups if g in set(core)] or groups
    if _check(built, core, deadline - time.monotonic())[0] != cp_model.INFEASIBLE:
        core = groups
    for group in list(core):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        trial = [g for g in core if g != group]
        status, smaller = _check(built, trial, min(remaining, max(1.0, remaining / 4)))
        if status == cp_model.INFEASIBLE:
            core = [g for g in trial if g in set(smaller)] or trial
    return word_core(problem, core)


def word_core(problem: PlannerInput, core: list[tuple]) -> list[Conflict]:
    """Turn rule groups into conflicts, merging the ones that make one sentence."""
    rules = problem.rules
    posts = {p.id: p for p in problem.posts}
    trainees = {t.id: t for t in problem.trainees}
    by_kind: dict[str, list[tuple]] = defaultdict(list)
    for group in core:
        by_kind[group[0]].append(group)
    # "Needs a post of category c" for coverage and village postings alike.
    needs = [(g[1], g[2], g) for g in by_kind["coverage"]]
    needs += [(g[1], rules.village_category, g) for g in by_kind["village_posting"]]
    used: set[tuple] = set()
    out: list[Conflict] = []

    full: dict[tuple[int, str], list[int]] = defaultdict(list)  # (township, category) → posts
    for group in by_kind["capacity"]:
        post = posts[group[1]]
        full[(post.township_id, post.category)].append(post.id)
    for (township, category), post_ids in sorted(full.items()):
        needing = [
            (trainee_id, g)
            for trainee_id, c, g in needs
            if c == category
            and any(
                may_hold(trainees[trainee_id], posts[p], rules.allow_county_posts) for p in post_ids
            )
        ]
        if not needing:
            continue
        in_township = [
            p for p in problem.posts if p.township_id == township and p.category == category
        ]
        ends = [min(trainees[t].end_month, problem.horizon_months) for t, _ in needing]
        out.append(
            Conflict(
                "capacity_short",
                tuple([*(("capacity", p) for p in post_ids), *(g for _i, g in needing)]),
                {
                    "category": category,
                    "township_id": township,
                    "capacity": sum(p.capacity for p in in_township),
                    "count": len(needing),
                    "month": max(ends),
                },
            )
        )
        used.update(("capacity", p) for p in post_ids)
        used.update(g for _i, g in needing)

    by_trainee: dict[int, list] = defaultdict(list)
    for trainee_id, category, group in needs:
        if group not in used:
            by_trainee[trainee_id].append((category, group))
    for trainee_id, items in sorted(by_trainee.items()):
        trainee = trainees[trainee_id]
        span = {
            "trainee_id": trainee_id,
            "start": max(trainee.start_month, 0),
            "end": min(trainee.end_month, problem.horizon_months) - 1,
        }
        for category, group in items:
            reachable = [
                p
                for p in problem.posts
                if p.category == category and may_hold(trainee, p, rules.allow_county_posts)
            ]
            if not reachable:
                out.append(
                    Conflict(
                        "no_post",
                        (group,),
                        {
                            "trainee_id": trainee_id,
                            "township_id": trainee.township_id,
                            "category": category,
                        },
                    )
                )
                used.add(group)
        villages = [g for c, g in items if g not in used and g[0] == "village_posting"]
        if villages:
            out.append(Conflict("village_posting", tuple(villages), dict(span)))
        rest = [(c, g) for c, g in items if g not in used and g[0] == "coverage"]
        if rest:
            out.append(
                Conflict(
                    "coverage",
                    tuple(g for _i, g in rest),
                    {**span, "categories": [c for c, _ in rest]},
                )
            )

    for group in by_kind["capacity"]:
        if group not in used:
            post = posts[group[1]]
            out.append(
                Conflict(
                    "post_capacity",
                    (group,),
                    {
                        "post_id": post.id,
                        "township_id": post.township_id,
                        "capacity": post.capacity,
                    },
                )
            )
    for kind in ("min_length", "max_length"):
        if by_kind[kind]:
            out.append(
                Conflict(
                    kind,
                    tuple(by_kind[kind]),
                    {
                        "min": rules.min_months,
                        "max": rules.max_months,
                        "village_min": rules.village_min_months,
                        "village_max": rules.village_max_months,
                    },
                )
            )
    for kind in ("no_gaps", "village_only", "no_repeat"):
        if by_kind[kind]:
            ids = sorted(g[1] for g in by_kind[kind])
            out.append(Conflict(kind, tuple(by_kind[kind]), {"trainee_ids": ids}))
    for group in by_kind["fixed"]:
        f = group[1]
        out.append(
            Conflict(
                "fixed",
                (group,),
                {
                    "trainee_id": f.trainee_id,
                    "post_id": f.post_id,
                    "start": f.start_month,
                    "end": f.end_month - 1,
                },
            )
        )
    return out


def conflict_text(problem: PlannerInput, conflict: Conflict) -> str:
    """The conflict as one sentence in the active language, with names instead of ids."""
    names, p = problem.names, conflict.params
    posts = {post.id: post for post in problem.posts}

    def month(index: int) -> str:
        day = problem.month_date(index)
        return str(MSG_MONTH % {"year": day.year, "month": day.month})

    def listed(items: list[str]) -> str:
        return pgettext("list separator", ", ").join(items)

    code = conflict.code
    if code == "capacity_short":
        return str(
            MSG_CAPACITY_SHORT
            % {
                "category": p["category"],
                "township": names.township(p["township_id"]),
                "capacity": p["capacity"],
                "count": p["count"],
                "month": month(p["month"]),
            }
        )
    if code == "no_post":
        return str(
            MSG_NO_POST
            % {
                "township": names.township(p["township_id"]),
                "category": p["category"],
                "trainee": names.trainee(p["trainee_id"]),
            }
        )
    if code in ("coverage", "village_posting"):
        values = {
            "trainee": names.trainee(p["trainee_id"]),
            "start": month(p["start"]),
            "end": month(p["end"]),
        }
        if code == "village_posting":
            return str(MSG_VILLAGE_POSTING % values)
        return str(MSG_COVERAGE % {**values, "categories": listed(p["categories"])})
    if code == "post_capacity":
        return str(
            MSG_POST_CAPACITY
            % {
                "post": names.post(p["post_id"]),
                "township": names.township(posts[p["post_id"]].township_id),
                "capacity": p["capacity"],
            }
        )
    if code == "min_length":
        return str(MSG_MIN_LENGTH % p)
    if code == "max_length":
        return str(MSG_MAX_LENGTH % p)
    if code in ("no_gaps", "village_only", "no_repeat"):
        message = {"no_gaps": MSG_NO_GAPS, "village_only": MSG_VILLAGE_ONLY}.get(
            code, MSG_NO_REPEAT
        )
        return str(message % {"trainees": listed([names.trainee(t) for t in p["trainee_ids"]])})
    if code == "fixed":
        return str(
            MSG_FIXED
            % {
                "trainee": names.trainee(p["trainee_id"]),
                "post": names.post(p["post_id"]),
                "start": month(p["start"]),
                "end": month(p["end"]),
            }
        )
    return str(MSG_UNEXPLAINED)


@dataclass
class GuardedModel:
    """`cells[(trainee, post)][month]`: holds the post that month; `guards`: rule group →
    assumption literal, e.g. `("capacity", post_id)`, `("coverage", trainee_id, category)` or
    `("fixed", FixedRotation(…))`."""

    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    cells: dict[tuple[int, int], dict[int, cp_model.IntVar]] = field(default_factory=dict)
    kept_cells: set[tuple[int, int, int]] = field(default_factory=set)
    guards: dict[tuple, cp_model.IntVar] = field(default_factory=dict)

    def enforce(self, constraint: cp_model.Constraint, group: tuple) -> None:
        if group not in self.guards:
            self.guards[group] = self.model.new_bool_var(repr(group))
        constraint.only_enforce_if(self.guards[group])


def build_guarded_model(problem: PlannerInput) -> GuardedModel:
    built = GuardedModel()
    model, cells = built.model, built.cells
    rules, horizon = problem.rules, problem.horizon_months
    posts = {p.id: p for p in problem.posts}
    kept_by_trainee = defaultdict(list)
    for f in problem.fixed:
        kept_by_trainee[f.trainee_id].append(f)
        for m in range(max(f.start_month, 0), min(f.end_month, horizon)):
            built.kept_cells.add((f.trainee_id, f.post_id, m))
    required = [c for c in rules.required_categories if c != rules.village_category]

    for trainee in problem.trainees:
        months = range(max(trainee.start_month, 0), min(trainee.end_month, horizon))
        kept = kept_by_trainee[trainee.id]
        mine: dict[int, dict[int, cp_model.IntVar]] = {}
        for post in problem.posts:
            if may_hold(trainee, post, rules.allow_county_posts):
                mine[post.id] = {m: model.new_bool_var("") for m in months}
        for f in kept:
            by_month = mine.setdefault(f.post_id, {})
            for m in range(max(f.start_month, 0), min(f.end_month, horizon)):
                by_month.setdefault(m, model.new_bool_var(""))
        for post_id, by_month in mine.items():
            cells[(trainee.id, post_id)] = by_month

        for f in kept:
            by_month = mine[f.post_id]
            for m in range(max(f.start_month, 0), min(f.end_month, horizon)):
                built.enforce(model.add_bool_and([by_month[m]]), ("fixed", f))
            for m in (f.start_month - 1, f.end_month):
                if m in by_month and (trainee.id, f.post_id, m) not in built.kept_cells:
                    built.enforce(model.add_bool_and([by_month[m].Not()]), ("fixed", f))

        for m in months:
            here = [by_month[m] for by_month in mine.values() if m in by_month]
            model.add_at_most_one(here)
            if rules.no_gaps:
                built.enforce(model.add_bool_or(here), ("no_gaps", trainee.id))

        kept_posts = {f.post_id for f in kept}
        for post_id, by_month in mine.items():
            post = posts[post_id]
            low, high = (
                (rules.village_min_months, rules.village_max_months)
                if post.is_village
                else (rules.min_months, rules.max_months)
            )
            free = sorted(m for m in by_month if (trainee.id, post_id, m) not in built.kept_cells)
            starts = _add_lengths(built, trainee.id, by_month, set(free), low, high)
            if not rules.repeat_posts and starts:
                if post_id in kept_posts:
                    built.enforce(
                        model.add_bool_and([by_month[m].Not() for m in free]),
                        ("no_repeat", trainee.id),
                    )
                else:
                    built.enforce(model.add(sum(starts) <= 1), ("no_repeat", trainee.id))

        if months:
            kept_categories = {posts[f.post_id].category for f in kept}
            for category in required:
                if category in kept_categories:
                    continue
                lits = [
                    x
                    for p, by_month in mine.items()
                    if posts[p].category == category
                    for x in by_month.values()
                ]
                built.enforce(model.add_bool_or(lits), ("coverage", trainee.id, category))
            village = [x for p, bm in mine.items() if posts[p].is_village for x in bm.values()]
            if trainee.village_required and rules.village_posting_required:
                if not any(posts[f.post_id].is_village for f in kept):
                    built.enforce(model.add_bool_or(village), ("village_posting", trainee.id))
            if not trainee.village_required and rules.village_only_if_required and village:
                built.enforce(
                    model.add_bool_and([x.Not() for x in village]), ("village_only", trainee.id)
                )

    by_post_month = defaultdict(list)
    for (_t, post_id), by_month in cells.items():
        for m, x in by_month.items():
            by_post_month[(post_id, m)].append(x)
    taken: dict[tuple[int, int], int] = defaultdict(int)  # seats of trainees outside the run
    for o in problem.occupied:
        for m in range(max(o.start_month, 0), min(o.end_month, horizon)):
            taken[(o.post_id, m)] += 1
    for (post_id, m), xs in sorted(by_post_month.items()):
        seats = posts[post_id].capacity - taken[(post_id, m)]
        if len(xs) > seats:
            built.enforce(model.add(sum(xs) <= seats), ("capacity", post_id))
    return built


def _add_lengths(built: GuardedModel, trainee_id: int, by_month, free: set[int], low, high):
    """Runs of `free` months in one post last `low`..`high` months (kept months are walls).
    Returns the run-start literals (for the no-repeat rule)."""
    model, starts = built.model, []
    for m in sorted(free):
        x = by_month[m]
        before = [by_month[m - 1]] if m - 1 in free else []
        start = model.new_bool_var("")
        model.add_bool_or([x.Not(), *before, start])  # x[m] ∧ ¬x[m-1] → start
        starts.append(start)
        for k in range(1, low):
            if m + k in free:
                clause = [x.Not(), *before, by_month[m + k]]
            else:
                clause = [x.Not(), *before]
            built.enforce(model.add_bool_or(clause), ("min_length", trainee_id))
            if m + k not in free:
                break
        window = range(m, m + high + 1)
        if all(n in free for n in window):
            built.enforce(
                model.add_bool_or([by_month[n].Not() for n in window]),
                ("max_length", trainee_id),
            )
    return starts


def _check(built: GuardedModel, groups: list[tuple], time_limit_s: float):
    """Solve under the assumptions of `groups`: (status, the groups of the core found)."""
    model = built.model
    model.clear_assumptions()
    model.add_assumptions([built.guards[g] for g in groups])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    solver.parameters.num_workers = 1  # cores of assumptions come from the sequential search
    status = solver.solve(model)
    core: list[tuple] = []
    if status == cp_model.INFEASIBLE:
        by_index = {built.guards[g].index: g for g in groups}
        core = [
            by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index
        ]
    return status, core
