"""Issue 17: each role lands where its work is — staff on their dashboard, mentors on their
mentees, trainees on their own page."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("superuser", "office:dashboard"),
        ("city_staff", "office:dashboard"),
        ("county_staff", "office:dashboard"),
        ("unit_staff", "office:dashboard"),
        ("mentor", "mentors:home"),
        ("trainee", "cadets:me"),
    ],
)
def test_each_role_lands_on_its_own_page(world, login, role, landing):
    response = login(world.users[role]).get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)


def test_the_bell_and_its_count_are_in_the_header_outside_the_collapsed_menu(world, login):
    from notifications.models import Notification

    user = world.users["mentor"]
    html = login(user).get(reverse("mentors:home")).content.decode()
    header, menu = html.split('id="mainNav"', 1)
    assert 'data-testid="notification-bell"' in header
    assert 'data-testid="notification-bell"' not in menu
    unread = Notification.objects.for_recipient(user).unread().count()
    assert (f'data-testid="unread-count">{unread}' in header) == bool(unread)


def test_the_menu_groups_offer_each_role_its_pages(world, login):
    city = login(world.users["city_staff"]).get(reverse("cadets:trainee_list")).content.decode()
    for name in ["cadets:leave_list", "rotations:timeline", "assessments:cycle_list"]:
        assert f'href="{reverse(name)}"' in city
    assert f'href="{reverse("audit:event_list")}"' in city
    trainee = login(world.users["trainee"]).get(reverse("cadets:me")).content.decode()
    assert f'href="{reverse("audit:event_list")}"' not in trainee
    assert f'href="{reverse("assessments:my_tasks")}"' in trainee
