"""The main pages, rendered in Simplified Chinese for each kind of user, show no untranslated
English label: the visible text (not scripts, styles or attribute values) has no English words
other than the names, codes and formats listed here."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cadets.panels import SECTION_KEYS

# Words that are not labels: product and file-format names, units and codes people use as is.
# "English" is the language switcher naming the language in itself, as switchers do.
ALLOWED = {
    "english",
    "pdf",
    "excel",
    "xlsx",
    "docx",
    "png",
    "jpg",
    "jpeg",
    "ical",
    "ics",
    "url",
    "id",
}
WORD = re.compile(r"[A-Za-z]{3,}")

PAGES = {
    "city_staff": [
        ("accounts:home", None),
        ("cadets:trainee_list", None),
        ("cadets:trainee_detail", "own"),
        # Every other section of the trainee page: ("own", section).
        *[("cadets:trainee_section", ("own", key)) for key in SECTION_KEYS[1:]],
        ("cadets:leave_list", None),
        ("cadets:report_list", None),
        ("cadets:programme_rules", None),
        ("mentors:mentor_list", None),
        ("mentors:config", None),
        ("rotations:timeline", None),
        ("rotations:coverage_list", None),
        ("rotations:post_list", None),
        ("rotations:rules", None),
        ("assessments:cycle_list", None),
        ("assessments:cycle_create", None),
        ("notifications:list", None),
        ("notifications:preferences", None),
        ("audit:event_list", None),
    ],
    "unit_staff": [("accounts:home", None), ("rotations:rotation_assign", "own")],
    "mentor": [("mentors:home", None)],
    "trainee": [("cadets:me", None), *[("cadets:me_section", key) for key in SECTION_KEYS[1:]]],
}


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style", "template"):
            self.hidden += 1

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.text.append(data)


def english_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return {word for word in WORD.findall(" ".join(parser.text)) if word.lower() not in ALLOWED}


@pytest.mark.parametrize(
    ("role", "name", "which"),
    [(role, name, which) for role, pages in PAGES.items() for name, which in pages],
)
def test_the_page_has_no_untranslated_english_label(world, client, role, name, which):
    user = world.users[role]
    user.language = "zh-hans"
    user.save()
    client.force_login(user)
    if isinstance(which, tuple):  # a section of a trainee's page
        args = [world.trainee(which[0]).pk, which[1]]
    elif name == "cadets:me_section":
        args = [which]
    else:
        args = [world.trainee(which).pk] if which else []
    response = client.get(reverse(name, args=args), HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    assert response.status_code == 200
    # The world's usernames (city, township …) are names, not labels.
    names = {u.username for u in world.users.values() if u is not None}
    assert english_words(response.content.decode()) - names == set()
