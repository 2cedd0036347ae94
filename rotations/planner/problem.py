"""The planner's input and output, as plain frozen dataclasses (no Django models).

Time is counted in whole months: month index 0 is the first month of the planning horizon
(`PlannerInput.horizon_start_month`, the first day of a month), and every range is half-open,
`[start_month, end_month)`. `month_index` and `month_start` convert between dates and indices;
a rotation that ends on 30 June 2027 ends (exclusively) at `month_index(date(2027, 7, 1), …)`.

The lead's adapter builds a `PlannerInput` from the Post / Rotation / Trainee rows, so ids here
are the database primary keys; names (`Names`) are used only to word explanations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

VILLAGE_CATEGORY = "村任职"


def month_index(day: datetime.date, origin: datetime.date) -> int:
    """The index of the month holding `day`, counted from the month holding `origin`."""
    return (day.year - origin.year) * 12 + (day.month - origin.month)


def month_start(origin: datetime.date, index: int) -> datetime.date:
    """The first day of month `index` counted from the month holding `origin`."""
    months = origin.year * 12 + (origin.month - 1) + index
    return datetime.date(months // 12, months % 12 + 1, 1)


@dataclass(frozen=True)
class PlannerPost:
    """A post (岗位). A village post carries the id of the township its village belongs to."""

    id: int
    township_id: int
    county_id: int
    category: str
    capacity: int
    is_village: bool = False


@dataclass(frozen=True)
class PlannerTrainee:
    """A trainee and their training period `[start_month, end_month)`, already extended by leave.

    `major_tags` holds the trainee's major and the tags of their plan's goals; they are matched
    against `PlannerInput.category_affinity`.
    """

    id: int
    township_id: int
    county_id: int
    start_month: int
    end_month: int
    major_tags: frozenset[str] = frozenset()
    village_required: bool = False
    mentor_township_id: int | None = None


@dataclass(frozen=True)
class FixedRotation:
    """A rotation kept exactly as it is: one already recorded, or a proposal the user pinned."""

    trainee_id: int
    post_id: int
    start_month: int
    end_month: int


@dataclass(frozen=True)
class Occupancy:
    """A seat of a post taken over `[start_month, end_month)` by a trainee outside the run
    (another cohort, say): it counts against the post's capacity and nothing else."""

    post_id: int
    start_month: int
    end_month: int


@dataclass(frozen=True)
class PlannerRules:
    """The programme's rotation rules (hard constraints).

    - `required_categories`: each must be covered by some rotation inside the training period
      (recorded ones count). The village category, if listed, is left to the village rules.
    - `min_months` / `max_months`: length of each proposed rotation; village postings use
      `village_min_months` / `village_max_months`. Kept (fixed) rotations are not re-checked.
    - `village_posting_required`: a trainee with `village_required` gets at least one village
      posting. `village_only_if_required`: a trainee without it gets none.
    - `allow_county_posts`: posts anywhere in the trainee's county, not only their township.
    - `no_gaps`: a trainee holds a post in every month of their period inside the horizon.
    - `repeat_posts`: a trainee may be proposed for the same post more than once (off by
      default: trainees move on, and it keeps the search small).
    """

    required_categories: tuple[str, ...]
    min_months: int = 2
    max_months: int = 6
    village_category: str = VILLAGE_CATEGORY
    village_min_months: int = 3
    village_max_months: int = 24
    allow_county_posts: bool = False
    village_posting_required: bool = True
    village_only_if_required: bool = True
    no_gaps: bool = True
    repeat_posts: bool = False


@dataclass(frozen=True)
class Preferences:
    """Weights of the soft goals (non-negative integers; 0 switches a goal off).

    Each weight multiplies a count: `fewer_moves` one move; `major_match` one trainee-month in
    a post whose category does not suit the trainee's tags; `balanced_load` one trainee-month
    per seat of a township's busiest post; `mentor_continuity` one trainee-month outside the
    mentor's township.
    """

    major_match: int = 2
    fewer_moves: int = 3
    balanced_load: int = 1
    mentor_continuity: int = 2


@dataclass(frozen=True)
class Names:
    """Display names for explanations; missing ids fall back to '#<id>'."""

    trainees: dict[int, str] = field(default_factory=dict)
    posts: dict[int, str] = field(default_factory=dict)
    townships: dict[int, str] = field(default_factory=dict)

    def trainee(self, trainee_id: int) -> str:
        return self.trainees.get(trainee_id, f"#{trainee_id}")

    def post(self, post_id: int) -> str:
        return self.posts.get(post_id, f"#{post_id}")

    def township(self, township_id: int) -> str:
        return self.townships.get(township_id, f"#{township_id}")


@dataclass(frozen=True, kw_only=True)
class PlannerInput:
    """One planning run. `horizon_start_month` is the first day of month 0."""

    horizon_start_month: datetime.date
    horizon_months: int
    posts: tuple[PlannerPost, ...]
    trainees: tuple[PlannerTrainee, ...]
    fixed: tuple[FixedRotation, ...] = ()
    occupied: tuple[Occupancy, ...] = ()
    rules: PlannerRules
    preferences: Preferences = Preferences()
    category_affinity: dict[str, frozenset[str]] = field(default_factory=dict)
    names: Names = Names()

    def __post_init__(self) -> None:
        problems = input_problems(self)
        if problems:
            raise ValueError("; ".join(problems))

    def month_date(self, index: int) -> datetime.date:
        return month_start(self.horizon_start_month, index)


@dataclass(frozen=True)
class ProposedRotation:
    trainee_id: int
    post_id: int
    start_month: int
    end_month: int


Status = Literal["optimal", "feasible", "infeasible", "unknown"]


@dataclass(frozen=True)
class PlannerResult:
    """What `solve` found. `proposals` holds only new rotations (fixed ones are not repeated).

    `gap` is `(objective - best_bound) / max(1, |objective|)`; `explanation` is set when the
    status is "infeasible" (sentences in the active language), `conflicts` holds the same
    reasons as data so that a caller can word them later in another language. `first_plan_s`
    is when every independent part had a plan, i.e. the first complete proposal existed.
    """

    status: Status
    proposals: list[ProposedRotation]
    objective: float | None
    best_bound: float | None
    gap: float | None
    wall_time_s: float
    explanation: list[str] | None = None
    conflicts: list[Conflict] | None = None
    first_plan_s: float | None = None


@dataclass(frozen=True)
class Conflict:
    """One reason a plan is impossible, as data. `rules` are the conflicting rule groups (ids
    only, e.g. `("capacity", post_id)`); `params` the ids, numbers and month indices the
    sentence uses. `rotations.planner.explain.conflict_text` words it in the active language.
    """

    code: str
    rules: tuple[tuple, ...]
    params: dict[str, object]


def input_problems(problem: PlannerInput) -> list[str]:
    """Inconsistencies in the input itself (a programming error of the caller, not a plan)."""
    out: list[str] = []
    if problem.horizon_start_month.day != 1:
        out.append("horizon_start_month must be the first day of a month")
    if problem.horizon_months < 1:
        out.append("horizon_months must be positive")
    rules = problem.rules
    if not 1 <= rules.min_months <= rules.max_months:
        out.append("need 1 <= min_months <= max_months")
    if not 1 <= rules.village_min_months <= rules.village_max_months:
        out.append("need 1 <= village_min_months <= village_max_months")
    posts = {p.id: p for p in problem.posts}
    trainees = {t.id: t for t in problem.trainees}
    if len(posts) != len(problem.posts):
        out.append("duplicate post ids")
    if len(trainees) != len(problem.trainees):
        out.append("duplicate trainee ids")
    out += [f"post {p.id} has a negative capacity" for p in problem.posts if p.capacity < 0]
    out += [
        f"trainee {t.id} has an empty training period"
        for t in problem.trainees
        if t.end_month <= t.start_month
    ]
    for f in problem.fixed:
        trainee = trainees.get(f.trainee_id)
        if trainee is None or f.post_id not in posts:
            out.append(f"fixed rotation {f} names an unknown trainee or post")
        elif f.end_month <= f.start_month:
            out.append(f"fixed rotation {f} is empty")
        elif f.start_month < trainee.start_month or f.end_month > trainee.end_month:
            out.append(f"fixed rotation {f} lies outside the trainee's training period")
    out += [
        f"occupancy {o} names an unknown post" for o in problem.occupied if o.post_id not in posts
    ]
    return out
