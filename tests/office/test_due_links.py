"""Every link on the dashboard's due list opens for the staff member who sees it.

The due list shows what is due in the viewer's scope, not only what is theirs to do: a mentor's
record form or a rater's form is for one person, and the staff above get a page they can open
(the item's `page_url`). Found by the accessibility walk, which followed a township's link to
the county's follow-up form (403)."""

from __future__ import annotations

import re

from django.urls import reverse

from accounts.models import User

HREF = re.compile(r'href="(/[^"]*)"')


def test_every_link_of_the_due_list_opens_for_each_staff_role(demo_city, client):
    """One test for the roles: seeding the demo city takes most of a minute."""
    opened = 0
    for username in ("city", "county", "township"):
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("office:dashboard_due"))
        assert page.status_code == 200
        due = page.content.decode().split('data-testid="due"', 1)[-1]
        links = sorted({href.replace("&amp;", "&") for href in HREF.findall(due)})
        refused = [
            (href, status) for href in links if (status := client.get(href).status_code) != 200
        ]
        assert refused == [], (username, refused)
        opened += len(links)
    assert opened > 10  # the demo has due and overdue items of several kinds
