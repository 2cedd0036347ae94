"""rotations/coverage.py is pure: tested on plain data, no database."""

from __future__ import annotations

import datetime as dt

from rotations.coverage import Rules, State, Stint, WarningKind, compute_coverage, months_between

D = dt.date
RULES = Rules(required=["党政", "经济", "振兴", "村"], min_months=3, max_months=6,
              village_max_months=12)  # fmt: skip
START, END = D(2025, 8, 1), D(2027, 8, 1)  # training period [start, end)


def coverage(stints, today):
    return compute_coverage(
        stints, rules=RULES, training_starts=START, training_ends=END, today=today
    )


KNOWN = [
    Stint("党政办", "党政", D(2025, 8, 1), D(2025, 10, 31)),
    Stint("经发办", "经济", D(2025, 11, 1), D(2026, 7, 31)),  # nine months: over the maximum
    Stint("前进村书记助理", "村", D(2026, 9, 1), None, is_village=True),  # after a gap in August
]


def test_categories_are_served_current_planned_or_missing():
    result = coverage(KNOWN, today=D(2026, 10, 15))
    states = {c.category: c.state for c in result.categories}
    assert states == {
        "党政": State.SERVED,
        "经济": State.SERVED,
        "振兴": State.MISSING,
        "村": State.CURRENT,
    }
    assert result.not_started == ["振兴"] == result.missing


def test_months_per_post_count_inclusive_days_and_open_ends_up_to_today():
    result = coverage(KNOWN, today=D(2026, 10, 15))
    months = {p.post: p.months for p in result.posts}
    assert months == {"党政办": 3.0, "经发办": 9.0, "前进村书记助理": 1.5}
    assert months_between(D(2025, 8, 1), D(2025, 10, 31)) == 3.0


def test_a_post_held_too_long_and_a_gap_are_warned():
    result = coverage(KNOWN, today=D(2026, 10, 15))
    kinds = [(w.kind, w.post, w.starts_on, w.ends_on) for w in result.warnings]
    assert (WarningKind.OVER_MAX, "经发办", None, None) in kinds
    assert (WarningKind.GAP, None, D(2026, 8, 1), D(2026, 8, 31)) in kinds
    # The village posting is exempt from the per-post maximum (it has its own).
    assert not any(w.post == "前进村书记助理" for w in result.warnings)


def test_a_missing_category_is_warned_only_when_time_runs_short():
    early = coverage(KNOWN, today=D(2026, 10, 15))  # ~9.5 months left for 3 missing months
    assert not any(w.kind == WarningKind.MISSING_LATE for w in early.warnings)
    late = coverage(KNOWN, today=D(2027, 6, 1))  # 2 months left
    missing = [w for w in late.warnings if w.kind == WarningKind.MISSING_LATE]
    assert [w.category for w in missing] == ["振兴"]
    assert missing[0].limit == 3


def test_planned_rotations_fill_the_time_left():
    stints = [
        Stint("党政办", "党政", D(2025, 8, 1), D(2026, 1, 31)),
        Stint("经发办", "经济", D(2026, 2, 1), D(2027, 7, 31)),  # planned to the very end
    ]
    result = coverage(stints, today=D(2026, 3, 1))
    missing = {w.category for w in result.warnings if w.kind == WarningKind.MISSING_LATE}
    assert missing == {"振兴", "村"}


def test_village_postings_over_their_maximum_are_warned():
    stints = [Stint("村1", "村", D(2025, 8, 1), D(2026, 12, 31), is_village=True)]
    result = coverage(stints, today=D(2027, 1, 10))
    assert any(w.kind == WarningKind.VILLAGE_OVER_MAX for w in result.warnings)


def test_no_rotation_at_all_is_one_gap_up_to_today():
    result = coverage([], today=D(2025, 9, 30))
    gaps = [w for w in result.warnings if w.kind == WarningKind.GAP]
    assert [(g.starts_on, g.ends_on) for g in gaps] == [(START, D(2025, 9, 30))]


def test_a_fully_planned_two_years_has_no_warnings():
    stints = [
        Stint("党政办", "党政", D(2025, 8, 1), D(2026, 1, 31)),
        Stint("经发办", "经济", D(2026, 2, 1), D(2026, 7, 31)),
        Stint("振兴办", "振兴", D(2026, 8, 1), D(2027, 1, 31)),
        Stint("村", "村", D(2027, 2, 1), D(2027, 7, 31), is_village=True),
    ]
    result = coverage(stints, today=D(2026, 3, 1))
    assert result.warnings == []
    assert [c.state for c in result.categories] == [
        State.SERVED, State.CURRENT, State.PLANNED, State.PLANNED,
    ]  # fmt: skip
