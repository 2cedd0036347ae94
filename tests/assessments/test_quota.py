"""The 优秀 quota: floor(n × quota), at least 1 — 7 trainees at 20% allow one 优秀."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Assessment, Grade
from assessments.services import MSG_QUOTA_EXCEEDED, assessment_confirm
from tests.factories import TraineeFactory

from .builders import annual_cycle, rate_all


@pytest.fixture
def seven(world):
    trainees = [TraineeFactory(township=world.township_a) for _ in range(7)]
    cycle = annual_cycle(world, trainees, name="七人考核")
    for assessment in cycle.assessments.all():
        rate_all(assessment, score=95)
    return cycle


def test_seven_trainees_at_20_percent_allow_one_excellent(seven, world):
    first, second, third = list(seven.assessments.order_by("pk"))[:3]
    staff = world.users["city_staff"]
    assessment_confirm(actor=staff, assessment=first, grade=Grade.EXCELLENT)

    with pytest.raises(ValidationError) as refused:
        assessment_confirm(actor=staff, assessment=second, grade=Grade.EXCELLENT)

    assert refused.value.messages == [
        str(MSG_QUOTA_EXCEEDED.format(n=7, quota=20, allowed=1, taken=1))
    ]
    second.refresh_from_db()
    assert second.grade == ""
    # Another grade is fine, and re-confirming the one 优秀 does not count it twice.
    assessment_confirm(actor=staff, assessment=third, grade=Grade.COMPETENT)
    assessment_confirm(actor=staff, assessment=first, grade=Grade.EXCELLENT)
    assert seven.assessments.filter(grade=Grade.EXCELLENT).count() == 1


def test_the_refusal_shows_the_numbers_on_the_cycle_page(seven, world, login):
    client = login(world.users["county_staff"])
    first, second = list(seven.assessments.order_by("pk"))[:2]
    for assessment in (first, second):
        client.post(
            f"/assessments/a/{assessment.pk}/confirm/",
            {f"a{assessment.pk}-grade": Grade.EXCELLENT},
        )
    page = client.get(f"/assessments/{seven.pk}/").content.decode()
    assert "7" in page and "20%" in page
    assert str(MSG_QUOTA_EXCEEDED.format(n=7, quota=20, allowed=1, taken=1)) in page
    assert Assessment.objects.filter(cycle=seven, grade=Grade.EXCELLENT).count() == 1
