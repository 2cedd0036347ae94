"""Entitlements are set up per programme by city staff and given to each trainee, whose state
staff keep; visits and talks by leaders are recorded on the trainee's file."""

from __future__ import annotations

from django.urls import reverse

from support.models import CareRecord, Entitlement, EntitlementType

from .builders import entitlement_type


def test_city_staff_list_the_programmes_entitlements(world, client):
    client.force_login(world.users["city_staff"])
    response = client.post(
        reverse("support:entitlement_type_create"),
        {"kind": "health", "name": "年度体检", "standard": "每年一次", "active": "on"},
    )
    assert response.status_code == 302
    assert EntitlementType.objects.get().name == "年度体检"
    again = client.post(
        reverse("support:entitlement_type_create"),
        {"kind": "health", "name": "年度体检", "standard": "", "active": "on"},
    )
    assert str(EntitlementType._meta.constraints[0].violation_error_message) in (
        again.content.decode()
    )


def test_a_trainee_gets_every_active_entitlement_once(world, client):
    kept = entitlement_type(world)
    EntitlementType.objects.create(
        programme=kept.programme, kind="allowance", name="停用补贴", active=False
    )
    client.force_login(world.users["unit_staff"])
    url = reverse("support:entitlement_setup", args=[world.own.pk])
    client.post(url)
    client.post(url)
    assert list(Entitlement.objects.values_list("trainee", "type")) == [(world.own.pk, kept.pk)]


def test_an_entitlement_in_place_says_since_when(world, client):
    client.force_login(world.users["unit_staff"])
    client.post(reverse("support:entitlement_setup", args=[world.own.pk]))
    entitlement_type(world)
    client.post(reverse("support:entitlement_setup", args=[world.own.pk]))
    entitlement = Entitlement.objects.get()
    url = reverse("support:entitlement_update", args=[entitlement.pk])
    response = client.post(url, {"state": "granted", "since": "", "note": ""})
    assert response.status_code == 200
    entitlement.refresh_from_db()
    assert entitlement.state == Entitlement.State.PENDING
    assert client.post(url, {"state": "granted", "since": "2026-09-01"}).status_code == 302
    entitlement.refresh_from_db()
    assert entitlement.state == Entitlement.State.GRANTED


def test_a_leaders_visit_is_on_the_trainees_page_for_staff_only(world, client):
    client.force_login(world.users["county_staff"])
    response = client.post(
        reverse("support:care_create", args=[world.own.pk]),
        {
            "kind": "visit",
            "held_on": "2026-11-20",
            "leader": "王部长（县委组织部）",
            "level": "county",
            "summary": "走访宿舍，了解生活情况",
        },
    )
    assert response.status_code == 302
    assert CareRecord.objects.get().recorded_by == world.users["county_staff"]
    page = reverse("cadets:trainee_section", args=[world.own.pk, "support"])
    assert "走访宿舍" in client.get(page).content.decode()
    for role in ("mentor", "trainee"):
        client.force_login(world.users[role])
        own = reverse("cadets:me_section", args=["support"])
        html = client.get(own if role == "trainee" else page).content.decode()
        assert "走访宿舍" not in html
