"""Rotation coverage of one trainee, computed from plain data (no database, no Django).

Which required categories a trainee has served, is serving, has planned or still lacks; months
spent per post; and warnings — a required category still missing with too little time left, a
post held longer than the maximum, a gap with no post. The trainee page, the coverage list and
the rotation planner all call `compute_coverage`, and the tests call it directly.

Dates follow the rotation rule of rotations/models.py: both ends inclusive, `None` is open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

DAYS_PER_MONTH = 365.25 / 12
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Stint:
    """One rotation: a post of a category over [starts_on, ends_on]."""

    post: Hashable
    category: Hashable
    starts_on: dt.date
    ends_on: dt.date | None = None
    is_village: bool = False


@dataclass(frozen=True)
class Rules:
    required: Sequence[Hashable]
    min_months: int = 3
    max_months: int = 12
    village_max_months: int = 24


class State(StrEnum):
    SERVED = "served"  # a rotation in the category has ended
    CURRENT = "current"  # the trainee is in such a post today
    PLANNED = "planned"  # only future rotations
    MISSING = "missing"  # no rotation at all


class WarningKind(StrEnum):
    MISSING_LATE = "missing_late"  # a category with no rotation and too little time left
    OVER_MAX = "over_max"  # a post held longer than the maximum months
    VILLAGE_OVER_MAX = "village_over_max"  # village postings longer than their maximum
    GAP = "gap"  # days with no post inside the training period


@dataclass(frozen=True)
class CategoryCoverage:
    category: Hashable
    state: State
    months: float

    @property
    def started(self) -> bool:
        return self.state in (State.SERVED, State.CURRENT)


@dataclass(frozen=True)
class PostMonths:
    post: Hashable
    category: Hashable
    months: float
    over_max: bool


@dataclass(frozen=True)
class Warning:
    kind: WarningKind
    category: Hashable | None = None
    post: Hashable | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    months: float = 0.0
    limit: float = 0.0


@dataclass(frozen=True)
class Coverage:
    categories: list[CategoryCoverage]
    posts: list[PostMonths]
    warnings: list[Warning] = field(default_factory=list)
    months_left: float = 0.0

    @property
    def not_started(self) -> list[Hashable]:
        """Required categories not yet served or being served (planned or missing)."""
        return [c.category for c in self.categories if not c.started]

    @property
    def missing(self) -> list[Hashable]:
        """Required categories with no rotation at all, not even a planned one."""
        return [c.category for c in self.categories if c.state == State.MISSING]


def months_between(starts_on: dt.date, ends_on: dt.date) -> float:
    """Months in [starts_on, ends_on], both inclusive, to one decimal."""
    days = (ends_on - starts_on).days + 1
    return round(max(days, 0) / DAYS_PER_MONTH, 1)


def compute_coverage(
    stints: Iterable[Stint],
    *,
    rules: Rules,
    training_starts: dt.date,
    training_ends: dt.date,
    today: dt.date,
) -> Coverage:
    """Coverage of one trainee's rotations `stints` as of `today`.

    An open-ended rotation counts up to today (or not at all if it starts later). The training
    period is [training_starts, training_ends)."""
    stints = sorted(stints, key=lambda s: (s.starts_on, s.ends_on or dt.date.max))
    last_day = training_ends - ONE_DAY

    categories = [_category(category, stints, today) for category in rules.required]

    posts: dict[Hashable, list] = {}
    for stint in stints:
        entry = posts.setdefault(stint.post, [stint.category, 0.0, stint.is_village])
        entry[1] += _stint_months(stint, today)
    post_months = [
        PostMonths(
            post=post,
            category=category,
            months=round(months, 1),
            over_max=not is_village and round(months, 1) > rules.max_months,
        )
        for post, (category, months, is_village) in posts.items()
    ]

    warnings: list[Warning] = []
    months_left = months_between(today, last_day) if today <= last_day else 0.0
    future_months = sum(
        _stint_months(s, today, from_day=max(today, s.starts_on))
        for s in stints
        if s.ends_on is not None and s.ends_on >= today
    )
    missing = [c.category for c in categories if c.state == State.MISSING]
    free_months = months_left - future_months
    if missing and free_months < len(missing) * rules.min_months:
        warnings.extend(
            Warning(
                kind=WarningKind.MISSING_LATE,
                category=category,
                months=round(max(free_months, 0.0), 1),
                limit=len(missing) * rules.min_months,
            )
            for category in missing
        )
    warnings.extend(
        Warning(
            kind=WarningKind.OVER_MAX,
            post=p.post,
            category=p.category,
            months=p.months,
            limit=rules.max_months,
        )
        for p in post_months
        if p.over_max
    )
    village_months = round(sum(_stint_months(s, today) for s in stints if s.is_village), 1)
    if village_months > rules.village_max_months:
        warnings.append(
            Warning(
                kind=WarningKind.VILLAGE_OVER_MAX,
                months=village_months,
                limit=rules.village_max_months,
            )
        )
    warnings.extend(_gaps(stints, training_starts, last_day, today))
    return Coverage(
        categories=categories, posts=post_months, warnings=warnings, months_left=months_left
    )


def _category(category: Hashable, stints: list[Stint], today: dt.date) -> CategoryCoverage:
    own = [s for s in stints if s.category == category]
    months = round(sum(_stint_months(s, today) for s in own), 1)
    if any(s.starts_on <= today and (s.ends_on is None or s.ends_on >= today) for s in own):
        state = State.CURRENT
    elif any(s.ends_on is not None and s.ends_on < today for s in own):
        state = State.SERVED
    elif own:
        state = State.PLANNED
    else:
        state = State.MISSING
    return CategoryCoverage(category=category, state=state, months=months)


def _stint_months(stint: Stint, today: dt.date, from_day: dt.date | None = None) -> float:
    start = from_day or stint.starts_on
    end = stint.ends_on if stint.ends_on is not None else today
    if end < start:
        return 0.0
    return (end - start).days / DAYS_PER_MONTH + 1 / DAYS_PER_MONTH


def _gaps(
    stints: list[Stint], training_starts: dt.date, last_day: dt.date, today: dt.date
) -> list[Warning]:
    """Days with no post from the start of training up to today or the last planned day,
    whichever is later, within the training period: an unplanned future is not a gap yet."""
    planned_until = max((s.ends_on or today for s in stints), default=today)
    horizon = min(last_day, max(today, planned_until))
    gaps = []
    cursor = training_starts  # the first day not yet known to be covered
    for stint in stints:
        if cursor > horizon:
            break
        if stint.starts_on > cursor:
            gap_end = min(stint.starts_on - ONE_DAY, horizon)
            gaps.append(_gap(cursor, gap_end))
        stint_end = stint.ends_on if stint.ends_on is not None else dt.date.max - ONE_DAY
        cursor = max(cursor, stint_end + ONE_DAY)
    if cursor <= horizon:
        gaps.append(_gap(cursor, horizon))
    return gaps


def _gap(starts_on: dt.date, ends_on: dt.date) -> Warning:
    return Warning(
        kind=WarningKind.GAP,
        starts_on=starts_on,
        ends_on=ends_on,
        months=months_between(starts_on, ends_on),
    )
