"""assessments/scoring.py: the rules stated in its docstring, on known numbers."""

import datetime as dt
from decimal import Decimal as D

from assessments import scoring

GROUPS = {"self": 20, "mentor": 20, "unit": 30, "org": 10, "democratic": 20}
BALLOT = {"excellent": 100, "competent": 80, "basic": 60, "incompetent": 30}
RATERS = {"self": [D(90)], "mentor": [D(80), D(70)], "unit": [D(85)], "org": [D(80)]}


def test_a_rater_score_is_the_weighted_mean_of_the_dimensions():
    weights = {"de": 30, "neng": 20, "qin": 20, "ji": 20, "lian": 10}
    scores = {"de": D(90), "neng": D(80), "qin": D(70), "ji": D(60), "lian": D(100)}
    assert scoring.rater_score(scores, weights) == D(79)


def test_democratic_votes_become_the_vote_weighted_mean_of_the_grade_scores():
    votes = {"excellent": 10, "competent": 6, "basic": 4}
    assert scoring.democratic_score(votes, BALLOT, issued=20, min_turnout_percent=60) == D(86)


def test_democratic_evaluation_below_the_minimum_turnout_does_not_count():
    votes = {"excellent": 11}
    assert scoring.democratic_score(votes, BALLOT, issued=20, min_turnout_percent=60) is None
    assert scoring.democratic_score({"excellent": 12}, BALLOT, issued=20, min_turnout_percent=60)


def test_the_total_weighs_every_group():
    # (90×20 + 75×20 + 85×30 + 80×10 + 86×20) / 100 = 83.70
    result = scoring.total_score(group_weights=GROUPS, rater_scores=RATERS, democratic=D(86))
    assert result.total == D("83.70")
    assert result.missing == []


def test_a_missing_group_shares_its_weight_among_the_others_in_proportion():
    # Democratic missing: (1800 + 1500 + 2550 + 800) / 80 = 83.125 → 83.13 (half up).
    result = scoring.total_score(group_weights=GROUPS, rater_scores=RATERS, democratic=None)
    assert result.total == D("83.13")
    assert result.missing == ["democratic"]
    # Mentors and democratic missing: (1800 + 2550 + 800) / 60 = 85.833… → 85.83.
    no_mentor = {k: v for k, v in RATERS.items() if k != "mentor"}
    result = scoring.total_score(group_weights=GROUPS, rater_scores=no_mentor)
    assert result.total == D("85.83")
    assert set(result.missing) == {"mentor", "democratic"}


def test_with_no_group_present_there_is_no_score_and_no_grade():
    result = scoring.total_score(group_weights=GROUPS, rater_scores={})
    assert result.total is None
    assert scoring.proposed_grade(None, [("excellent", D(90))]) == ""


def test_a_group_with_zero_weight_is_not_a_missing_group():
    result = scoring.total_score(
        group_weights={"self": 30, "unit": 70, "democratic": 0},
        rater_scores={"self": [D(60)], "unit": [D(90)]},
    )
    assert result.total == D("81.00")
    assert result.missing == []


def test_the_proposed_grade_is_the_highest_band_reached():
    floors = [("excellent", D(90)), ("competent", D(75)), ("basic", D(60))]
    assert scoring.proposed_grade(D(90), floors) == "excellent"
    assert scoring.proposed_grade(D("89.99"), floors) == "competent"
    assert scoring.proposed_grade(D(60), floors) == "basic"
    assert scoring.proposed_grade(D("59.99"), floors) == "incompetent"


def test_the_excellent_quota_rounds_down_with_a_minimum_of_one():
    assert scoring.excellent_quota(7, 20) == 1  # 1.4 → 1
    assert scoring.excellent_quota(10, 20) == 2
    assert scoring.excellent_quota(14, 20) == 2  # 2.8 → 2
    assert scoring.excellent_quota(3, 20) == 1  # 0.6 → at least 1
    assert scoring.excellent_quota(0, 20) == 0


def test_working_days_leave_out_weekends():
    assert scoring.working_days(dt.date(2026, 11, 23), dt.date(2026, 11, 27)) == 5  # Mon–Fri
    assert scoring.working_days(dt.date(2026, 11, 26), dt.date(2026, 12, 2)) == 5  # Thu–Wed
    assert scoring.working_days(dt.date(2026, 11, 27), dt.date(2026, 11, 30)) == 2  # Fri–Mon
    assert scoring.working_days(dt.date(2026, 11, 28), dt.date(2026, 11, 29)) == 0
