"""Scores are shown rounded to two decimals everywhere — the 考核登记表 printed a rater group's
unrounded mean (81.90666666666666666666666667)."""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string

from assessments.models import RaterKind
from assessments.scoring import GroupResult
from assessments.selectors import LiveResult

UNROUNDED = Decimal("81.90666666666666666666666667")


def live_result() -> LiveResult:
    groups = [GroupResult(kind=RaterKind.choices[0][0], weight=40, score=UNROUNDED, raters=2)]
    return LiveResult(score=Decimal("81.91"), proposed="", groups=groups)


def test_the_group_rows_are_rounded_half_up_to_two_places():
    [(_label, weight, score)] = live_result().group_rows
    assert weight == 40 and score == Decimal("81.91")


def test_the_registration_form_prints_rounded_scores(world):
    from tests.assessments.builders import assessment_world

    assessment = assessment_world(world)["own"]
    html = render_to_string(
        "office/documents/assessment_form.html",
        {
            "assessment": assessment,
            "trainee": assessment.trainee,
            "cycle": assessment.cycle,
            "result": live_result(),
        },
    )
    assert "81.91" in html and "81.906" not in html
