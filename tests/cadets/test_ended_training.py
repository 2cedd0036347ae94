"""Nothing new is started for a trainee whose training has ended (取消录用, 已辞职, 已调出,
已期满): no rotation, plan, mentorship or assessment. One rule (`Trainee.check_in_training`),
called by every service that starts something."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import AssessmentCycle
from assessments.services import cycle_create
from cadets.models import Trainee
from cadets.plan_services import plan_draft
from mentors.models import Mentorship
from mentors.services import mentorship_create
from rotations.models import Rotation
from rotations.services import rotation_assign
from tests.factories import MentorFactory
from tests.rotations.factories import PostFactory

ENDED = sorted(Trainee.ENDED_STATUSES)


def end_training(trainee, status) -> None:
    Trainee.objects.filter(pk=trainee.pk).update(status=status)
    trainee.refresh_from_db()


def test_the_ended_statuses_are_the_four_the_rules_name():
    assert set(ENDED) == {
        Trainee.Status.COMPLETED,
        Trainee.Status.TRANSFERRED,
        Trainee.Status.RESIGNED,
        Trainee.Status.CANCELLED,
    }
    assert Trainee.Status.TRAINING not in Trainee.ENDED_STATUSES


@pytest.mark.parametrize("status", ENDED)
def test_no_rotation_is_assigned_to_a_trainee_whose_training_has_ended(world, status):
    end_training(world.own, status)
    post = PostFactory(township=world.township_a)
    start = world.own.reported_on
    with pytest.raises(ValidationError) as caught:
        rotation_assign(
            actor=world.users["unit_staff"],
            trainee=world.own,
            post=post,
            starts_on=start,
            ends_on=start + dt.timedelta(days=120),
            reason="轮岗",
        )
    assert caught.value.error_list[0].code == "training_ended"
    assert not Rotation.objects.exists()


@pytest.mark.parametrize("status", ENDED)
def test_no_plan_is_drafted_for_a_trainee_whose_training_has_ended(world, status):
    end_training(world.own, status)
    with pytest.raises(ValidationError):
        plan_draft(actor=world.users["unit_staff"], trainee=world.own, parts={})
    assert not world.own.plans.exists()


@pytest.mark.parametrize("status", ENDED)
def test_no_mentor_is_paired_with_a_trainee_whose_training_has_ended(world, status):
    end_training(world.own, status)
    mentor = MentorFactory(unit=world.township_a)
    before = Mentorship.objects.count()
    pairing = Mentorship(trainee=world.own, mentor=mentor, starts_on=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        mentorship_create(actor=world.users["county_staff"], mentorship=pairing)
    assert Mentorship.objects.count() == before


@pytest.mark.parametrize("status", ENDED)
def test_no_assessment_is_started_for_a_trainee_whose_training_has_ended(world, status):
    end_training(world.own, status)
    with pytest.raises(ValidationError):
        cycle_create(
            actor=None,
            name="年度考核",
            kind=AssessmentCycle.Kind.ANNUAL,
            jurisdiction=world.county_a,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
            rating_deadline=dt.date(2027, 1, 31),
            trainees=[world.own],
        )
    assert not AssessmentCycle.objects.exists()


def test_the_assign_page_tells_staff_in_chinese_that_the_training_has_ended(world, client):
    end_training(world.own, Trainee.Status.CANCELLED)
    post = PostFactory(township=world.township_a)
    client.force_login(world.users["unit_staff"])
    start = world.own.reported_on
    response = client.post(
        reverse("rotations:rotation_assign", args=[world.own.pk]),
        {
            "post": post.pk,
            "starts_on": start.isoformat(),
            "ends_on": (start + dt.timedelta(days=120)).isoformat(),
            "reason": "轮岗",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert "取消录用" in response.content.decode()
    assert "培训已结束" in response.content.decode() or "锻炼已结束" in response.content.decode()
    assert not Rotation.objects.exists()
