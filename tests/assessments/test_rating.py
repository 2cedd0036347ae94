"""Rating: only one's own assignment, within the scale and the deadline; the trainee never
sees raters' individual scores."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments.models import AssessmentCycle, DimensionScore, Grade, RaterAssignment, RaterKind
from assessments.services import (
    MSG_DEADLINE_PASSED,
    MSG_SCORE_RANGE,
    assessment_confirm,
    cycle_start_notice,
    rating_submit,
)

from .builders import rate_all

CODES = ["de", "neng", "qin", "ji", "lian"]


def _post(client, assessment, value, comment="认真负责"):
    data = {f"score_{c}": value for c in CODES} | {"comment": comment}
    return client.post(f"/assessments/a/{assessment.pk}/rate/", data)


def test_a_mentor_rates_a_mentee(aw, world, login):
    client = login(world.users["mentor"])
    response = _post(client, aw["own"], "88.5")
    assert response.status_code == 302
    assignment = RaterAssignment.objects.get(assessment=aw["own"], rater=world.users["mentor"])
    assert assignment.kind == RaterKind.MENTOR and assignment.submitted_at
    assert set(assignment.scores.values_list("score", flat=True)) == {Decimal("88.5")}


def test_a_score_outside_the_scale_saves_nothing(aw, world, login):
    client = login(world.users["mentor"])
    response = _post(client, aw["own"], "101")
    assert response.status_code == 200
    assert str(MSG_SCORE_RANGE) in response.content.decode()
    assert not DimensionScore.objects.exists()
    with pytest.raises(ValidationError):
        rating_submit(
            actor=world.users["mentor"],
            assignment=RaterAssignment.objects.get(rater=world.users["mentor"]),
            scores=dict.fromkeys(CODES, -1),
            comment="",
        )
    assert not DimensionScore.objects.exists()


def test_a_submission_after_the_deadline_saves_nothing(aw, world, login):
    AssessmentCycle.objects.filter(pk=aw["cycle_own"].pk).update(
        rating_deadline=dt.date(2020, 1, 1)
    )
    assignment = RaterAssignment.objects.get(rater=world.users["mentor"])
    with pytest.raises(ValidationError) as late:
        rating_submit(
            actor=world.users["mentor"],
            assignment=assignment,
            scores=dict.fromkeys(CODES, 80),
            comment="",
        )
    assert late.value.messages == [str(MSG_DEADLINE_PASSED.format(deadline=dt.date(2020, 1, 1)))]
    response = _post(login(world.users["mentor"]), aw["own"], "80")
    assert response.status_code == 200
    assert not DimensionScore.objects.exists()


def test_a_mentor_lists_only_the_assessments_they_rate(aw, world, login):
    page = login(world.users["mentor"]).get("/assessments/mine/").content.decode()
    assert world.own.name in page
    assert world.other.name not in page


def test_the_trainee_writes_the_self_report(aw, world, login):
    client = login(world.users["trainee"])
    assert "述职" in client.get(f"/assessments/a/{aw['own'].pk}/rate/").content.decode()
    _post(client, aw["own"], "90", comment="本年度述职报告")
    assignment = RaterAssignment.objects.get(rater=world.users["trainee"])
    assert assignment.kind == RaterKind.SELF and assignment.comment == "本年度述职报告"


def test_the_trainee_never_sees_individual_scores_and_sees_the_grade_once_published(
    aw, world, login
):
    rate_all(aw["own"], score={"self": 70, "mentor": "87.3", "unit": 90, "org": 90})
    client = login(world.users["trainee"])
    pages = [
        client.get(f"/assessments/a/{aw['own'].pk}/result/"),
        client.get("/trainees/me/evaluation/"),  # the assessments section of 我的
        client.get("/assessments/mine/"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "87.3" not in page.content.decode()
    staff = world.users["city_staff"]
    assessment_confirm(actor=staff, assessment=aw["own"], grade=Grade.COMPETENT)
    result = client.get(f"/assessments/a/{aw['own'].pk}/result/").content.decode()
    assert 'data-testid="not-published"' in result
    cycle_start_notice(
        actor=staff,
        cycle=aw["cycle_own"],
        starts_on=dt.date(2026, 11, 23),
        ends_on=dt.date(2026, 11, 27),
    )
    result = client.get(f"/assessments/a/{aw['own'].pk}/result/").content.decode()
    assert 'data-testid="grade"' in result and "87.3" not in result
    assert 'data-testid="acknowledge"' in result
    client.post(f"/assessments/a/{aw['own'].pk}/acknowledge/", {"objection": ""})
    assert (
        'data-testid="acknowledged"'
        in client.get(f"/assessments/a/{aw['own'].pk}/result/").content.decode()
    )


def test_the_trainee_page_panel_hides_unpublished_grades_from_the_trainee(aw, world, login):
    rate_all(aw["own"], score=80)
    assessment_confirm(actor=world.users["city_staff"], assessment=aw["own"], grade=Grade.COMPETENT)
    # The assessments panel is on the evaluation section of the trainee page.
    own_page = login(world.users["trainee"]).get("/trainees/me/evaluation/").content.decode()
    assert 'id="assessments"' in own_page  # the panel, without the unpublished grade
    assert aw["cycle_own"].name not in own_page
    staff = login(world.users["city_staff"])
    staff_page = staff.get(f"/trainees/{world.own.pk}/evaluation/").content
    assert aw["cycle_own"].name in staff_page.decode()
