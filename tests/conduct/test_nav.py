"""The menu leads to the exemplary cases for everyone allowed to read them, trainees included
once the organisation department lets them (they had the permission and no way to the page)."""

from __future__ import annotations

from django.urls import reverse

from conduct.models import ConductSettings

NAV_LINK = 'data-testid="nav-exemplary"'


def test_trainees_find_the_exemplary_cases_in_the_menu_only_when_the_rules_allow(world, client):
    client.force_login(world.users["trainee"])
    assert NAV_LINK not in client.get(reverse("cadets:me")).content.decode()
    rules = ConductSettings.current()
    rules.trainees_see_exemplary = True
    rules.save()
    html = client.get(reverse("cadets:me")).content.decode()
    assert NAV_LINK in html
    assert client.get(reverse("conduct:exemplary_list")).status_code == 200


def test_every_role_shown_the_link_can_open_the_page(world, client):
    shown = 0
    for user in filter(None, world.users.values()):  # the anonymous visitor is None
        client.force_login(user)
        page = client.get(reverse("notifications:list"))
        if NAV_LINK in page.content.decode():
            assert client.get(reverse("conduct:exemplary_list")).status_code == 200, user
            shown += 1
    assert shown >= 3  # the staff roles at least
