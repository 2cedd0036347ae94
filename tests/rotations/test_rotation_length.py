"""The rotation rules' minimum and maximum months in a post are enforced when a rotation is
assigned (and when it is extended); a deliberate exception needs its reason, kept with the
rotation. Months are calendar months with both days inclusive (08-01 to 10-31 is three)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rotations.models import Rotation, RotationRules
from rotations.services import rotation_assign, rotation_end

from .factories import PostFactory

D = dt.date


@pytest.fixture
def post(world):
    rules = RotationRules.current()
    rules.min_months_per_post, rules.max_months_per_post = 3, 12
    rules.save()
    return PostFactory(township=world.township_a, capacity=1)


def assign(world, post, start, end, exception=""):
    return rotation_assign(
        actor=world.users["unit_staff"],
        trainee=world.own,
        post=post,
        starts_on=start,
        ends_on=end,
        reason="轮岗",
        length_exception=exception,
    )


def test_a_fifteen_day_rotation_is_refused_below_the_rules_minimum(world, post):
    start = world.own.reported_on
    with pytest.raises(ValidationError) as caught:
        assign(world, post, start, start + dt.timedelta(days=14))
    assert caught.value.error_list[0].code == "too_short"
    assert not Rotation.objects.exists()


def test_exactly_the_minimum_months_is_accepted(world, post):
    rotation = assign(world, post, D(2025, 8, 1), D(2025, 10, 31))
    assert rotation.length_exception == ""


def test_a_rotation_longer_than_the_maximum_is_refused(world, post):
    with pytest.raises(ValidationError) as caught:
        assign(world, post, D(2025, 8, 1), D(2026, 8, 1))
    assert caught.value.error_list[0].code == "too_long"
    assign(world, post, D(2025, 8, 1), D(2026, 7, 31))  # twelve months exactly


def test_a_deliberate_exception_is_saved_with_its_reason(world, post):
    start = world.own.reported_on
    rotation = assign(world, post, start, start + dt.timedelta(days=14), exception="抗洪抢险支援")
    rotation.refresh_from_db()
    assert rotation.length_exception == "抗洪抢险支援"
    assert rotation.history.first().length_exception == "抗洪抢险支援"


def test_an_open_ended_rotation_has_no_length_to_check(world, post):
    assert assign(world, post, D(2025, 8, 1), None).ends_on is None


def test_extending_beyond_the_maximum_is_refused_unless_the_rotation_is_an_exception(world, post):
    rotation = assign(world, post, D(2025, 8, 1), D(2025, 12, 31))
    with pytest.raises(ValidationError):
        rotation_end(actor=world.users["unit_staff"], rotation=rotation, ends_on=D(2026, 9, 30))
    rotation_end(actor=world.users["unit_staff"], rotation=rotation, ends_on=D(2026, 7, 31))


def test_the_assign_page_says_why_a_short_rotation_is_refused_and_keeps_the_exception(
    world, post, client
):
    client.force_login(world.users["unit_staff"])
    url = reverse("rotations:rotation_assign", args=[world.own.pk])
    data = {"post": post.pk, "starts_on": "2025-08-01", "ends_on": "2025-08-15", "reason": "轮岗"}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "至少 3 个月" in response.content.decode()
    response = client.post(url, {**data, "length_exception": "短期支援"})
    assert response.status_code == 302
    page = client.get(reverse("rotations:trainee_rotations", args=[world.own.pk]))
    assert "短期支援" in page.content.decode()
