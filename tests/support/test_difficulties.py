"""A trainee raises a difficulty; their township, county and city staff see it and follow it
up; other trainees and mentors never do."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from support.forms import MSG_SAY_HOW
from support.models import Difficulty
from support.services import MSG_RAISED

from .builders import difficulty_for


def test_a_trainee_raises_a_difficulty_that_their_staff_see_and_nobody_else(world, client):
    client.force_login(world.users["trainee"])
    response = client.post(
        reverse("support:difficulty_create", args=[world.own.pk]),
        {"category": "health", "description": "腰椎不适需理疗"},
        follow=True,
    )
    assert str(MSG_RAISED) in response.content.decode()
    difficulty = Difficulty.objects.get(trainee=world.own)
    assert difficulty.raised_by == world.users["trainee"]
    assert difficulty.status == Difficulty.Status.OPEN
    url = reverse("support:difficulty_detail", args=[difficulty.pk])
    for role in ("unit_staff", "county_staff", "city_staff", "trainee"):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 200, role
    for user in (world.users["mentor"], world.other.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(world.other.user)
    own_support = client.get(reverse("cadets:me_section", args=["support"])).content.decode()
    assert 'data-testid="difficulties-panel"' in own_support and "腰椎" not in own_support


def test_a_trainee_cannot_raise_a_difficulty_for_someone_else(world, client):
    client.force_login(world.users["trainee"])
    url = reverse("support:difficulty_create", args=[world.other.pk])
    assert client.post(url, {"category": "work", "description": "x"}).status_code == 404
    assert not Difficulty.objects.exists()


def test_resolving_needs_the_resolution_in_chinese(world, client):
    difficulty = difficulty_for(world, "own")
    client.force_login(world.users["unit_staff"])
    url = reverse("support:difficulty_detail", args=[difficulty.pk])
    data = {"owner": world.users["unit_staff"].pk, "due_on": "2026-12-01", "resolution": ""}
    response = client.post(url, {**data, "resolved": "on"})
    assert str(MSG_SAY_HOW) in response.content.decode()
    response = client.post(url, {**data, "resolved": "on", "resolution": "已维修"})
    assert response.status_code == 302
    difficulty.refresh_from_db()
    assert difficulty.status == Difficulty.Status.RESOLVED and difficulty.resolved_on


def test_the_owner_must_be_staff_within_reach(world, client):
    difficulty = difficulty_for(world, "own")
    client.force_login(world.users["unit_staff"])
    url = reverse("support:difficulty_detail", args=[difficulty.pk])
    response = client.post(
        url, {"owner": world.users["city_staff"].pk, "due_on": "2026-12-01", "resolution": ""}
    )
    assert response.status_code == 200
    difficulty.refresh_from_db()
    assert difficulty.owner is None


def test_the_list_shows_the_open_difficulties_and_who_owns_them(world, client):
    difficulty_for(world, "own", owner=world.users["unit_staff"])
    difficulty_for(world, "other")
    client.force_login(world.users["city_staff"])
    html = client.get(reverse("support:difficulty_list")).content.decode()
    assert html.count("宿舍漏雨") == 0  # the list names the category, not the text
    assert "本人" in html and "他人" in html and str(world.users["unit_staff"]) in html
    assert html.count(str(_("Not yet assigned"))) == 1
