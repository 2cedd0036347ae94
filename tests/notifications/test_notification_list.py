"""The notification centre: the bell, the list, marking read."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from notifications.models import Notification


def _notify(user, subject, n: int, **extra) -> list[Notification]:
    ct = ContentType.objects.get_for_model(subject)
    return Notification.objects.bulk_create(
        Notification(recipient=user, kind="tests.example", subject_type=ct, subject_id=subject.pk,
                     period=f"p{i}", title=f"提醒{i}", url=f"/trainees/{subject.pk}/", **extra)
        for i in range(n)
    )  # fmt: skip


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_costs_the_same_queries_with_1_or_30(
    world, login, count, django_assert_num_queries
):
    user = world.users["unit_staff"]
    _notify(user, world.own, count)
    client = login(user)
    # the user with their unit and the bell's unread count (accounts.backends; the session is
    # read from Redis), the list's count and the page's rows (Paginator).
    with django_assert_num_queries(3):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("show", ["", "unread"])
def test_the_pages_are_the_paginators_pages(world, login, show):
    from django.core.paginator import Paginator

    from notifications.views import PAGE_SIZE

    user = world.users["unit_staff"]
    notifications = _notify(user, world.own, 2 * PAGE_SIZE + 3)
    Notification.objects.filter(pk__in=[n.pk for n in notifications[::3]]).update(
        read_at="2026-01-01T00:00:00Z"
    )
    client = login(user)
    mine = Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
    if show:
        mine = mine.filter(read_at__isnull=True)
    for number in ["", "1", "2", "3", "4", "99", "0", "-1", "abc", "2.0"]:
        params = {"page": number} if number else {}
        if show:
            params["show"] = show
        page = client.get(reverse("notifications:list"), params).context["page"]
        expected = Paginator(mine, PAGE_SIZE).get_page(number or None)
        assert (page.number, page.paginator.count, page.paginator.num_pages) == (
            expected.number,
            expected.paginator.count,
            expected.paginator.num_pages,
        ), number
        assert [n.pk for n in page.object_list] == [n.pk for n in expected.object_list], number


def test_an_empty_list_is_one_empty_page(world, login):
    page = login(world.users["unit_staff"]).get(reverse("notifications:list")).context["page"]
    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])


def test_the_bell_shows_the_unread_count_on_every_page(world, login):
    user = world.users["trainee"]
    _notify(user, world.own, 3)
    response = login(user).get(reverse("cadets:me"))
    assert 'data-testid="unread-count">3<' in response.content.decode()


def test_only_my_own_notifications_are_listed(world, login):
    _notify(world.users["trainee"], world.own, 2)
    _notify(world.other.user, world.other, 4)
    response = login(world.users["trainee"]).get(reverse("notifications:list"))
    assert {n.recipient_id for n in response.context["page"].object_list} == {
        world.users["trainee"].pk
    }


def test_opening_a_notification_marks_it_read_and_goes_to_the_thing(world, login):
    (notification,) = _notify(world.users["trainee"], world.own, 1)
    response = login(world.users["trainee"]).post(
        reverse("notifications:mark_read", args=[notification.pk]), {"go": "1"}
    )
    assert response.status_code == 302 and response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read(world, login):
    user = world.users["trainee"]
    _notify(user, world.own, 3)
    _notify(world.other.user, world.other, 2)
    login(user).post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_the_unread_filter(world, login):
    user = world.users["trainee"]
    first, _second = _notify(user, world.own, 2)
    client = login(user)
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    response = client.get(reverse("notifications:list"), {"show": "unread"})
    assert [n.pk for n in response.context["page"].object_list] == [_second.pk]


def test_preferences_are_saved(world, login):
    user = world.users["mentor"]
    client = login(user)
    response = client.post(
        reverse("notifications:preferences"), {"email_enabled": "on", "daily_digest": "on"}
    )
    assert response.status_code == 302
    assert user.notification_preference.daily_digest


def test_only_those_allowed_the_operations_page_see_its_link(world, login):
    url = reverse("notifications:operations")
    page = reverse("cadets:trainee_list")
    assert url in login(world.users["city_staff"]).get(page).content.decode()
    assert url not in login(world.users["county_staff"]).get(page).content.decode()
