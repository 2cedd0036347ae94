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
    # read from Redis), paginator count, the page's rows.
    with django_assert_num_queries(3):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)


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
    assert url in login(world.users["city_staff"]).get(reverse("accounts:home")).content.decode()
    assert (
        url not in login(world.users["county_staff"]).get(reverse("accounts:home")).content.decode()
    )
