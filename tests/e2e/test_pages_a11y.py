"""Issue 17: every role's pages pass tools nobody on this project wrote.

One test a role (a 2-core CI): sign in on the demo city, visit every page the role's navigation
reaches, plus the kinds of pages behind them (a record, a plan, a form, a cycle, the feedback
form, …, found among those pages' links), and
- inject axe-core into each page: no critical or serious WCAG 2.1 A/AA violation;
- save the HTML the server sent and run the Nu HTML Checker over it: no error;
- at a phone's width, no page is wider than the screen, and the bell shows in the header.
Each page is loaded once: the phone's width is checked by narrowing the window on it (the
layout follows the width, as on a phone turned), and "loaded" is when no htmx request the page
starts on its own is still out, not when the network has been idle for half a second.
The city also walks a few pages in English. scripts/ensure-frontend-tools.sh installs axe-core and
vnu.jar (versions pinned there) into var/frontend-tools."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.e2e

TOOLS = Path(__file__).resolve().parents[2] / "var" / "frontend-tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}

# Pages of a kind the navigation leads to, not in it: the first link of each kind found.
KINDS = {
    "record": re.compile(r"^/trainees/\d+/$"),
    # Every section of a trainee page (cadets/panels.py, SECTIONS), staff's or the trainee's own.
    **{
        f"record-{key}": re.compile(rf"^/trainees/(\d+|me)/{key}/$")
        for key in ("training", "daily", "evaluation", "support", "career")
    },
    "plan": re.compile(r"^/trainees/\d+/plan/$"),
    "rotations": re.compile(r"^/rotations/trainee/\d+/$"),
    "cycle": re.compile(r"^/assessments/\d+/$"),
    "feedback": re.compile(r"^/mentoring/pairings/\d+/feedback/\d+/\d+/$"),
    "leave": re.compile(r"^/trainees/leave/\d+/$"),
    "report": re.compile(r"^/trainees/reports/\d+/$"),
    "form": re.compile(r"^/[a-z-]+/(.+/)?new/$"),
    "mentor": re.compile(r"^/mentoring/mentors/\d+/$"),
}
# Links not to follow: they act (sign out, downloads) or leave the HTML pages.
SKIP = re.compile(r"/logout/|/export|/pdf|/download|/calendar|/template/|\.ics$|^/admin/")


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [h for h in hrefs if h.startswith("/") and not SKIP.search(urlsplit(h).path)]


def _axe(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # evaluated by the browser's debugger: the CSP allows it
    # Only the violations are read: the other groups (passes above all, a node each with its
    # selector) are cut to one node, which halves axe's work on a page without changing them.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def _vnu(folder: Path) -> list[str]:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


# The parts a page loads after it is shown (hx-trigger="load", swapped in place) and any htmx
# request still out.
# (A function, not an expression: the CSP forbids evaluating a string.)
HTMX_DONE = "() => !document.querySelector('[data-hx-trigger=load], .htmx-request, .htmx-settling')"


FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"


def _phone_overflows(page) -> bool:
    """Whether the page, narrowed to a phone's width, stays wider than the screen: a chart
    follows the width a frame or two after the window narrows, so the page is given a moment."""
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        page.wait_for_function(FITS, timeout=3000)
        return False
    except PlaywrightTimeout:
        return True
    finally:
        page.set_viewport_size(desktop)


def _walk(page, live_server, start, html: Path, failures: list[str], limit: int, phone=False):
    """Visits the start pages, then one page of each KIND found among their links; with
    `phone`, checks each at a phone's width too."""
    queue, seen, kinds = list(dict.fromkeys(start)), set(), set()
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(live_server.url + path)
        assert response.ok, f"{path}: {response.status}"
        page.wait_for_function(HTMX_DONE)
        (html / f"{len(seen):02d}.html").write_text(response.text(), encoding="utf-8")
        failures += _axe(page)
        if phone and _phone_overflows(page):
            failures.append(f"{path}: wider than a phone's screen")
        for href in _links(page):
            href_path = urlsplit(href).path
            for kind, pattern in KINDS.items():
                if kind not in kinds and pattern.match(href_path):
                    kinds.add(kind)
                    queue.append(href_path)
    return sorted(seen)


def _menu(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "#mainNav a[href], [data-testid=notification-bell]",
        "links => links.map(a => a.getAttribute('href'))",
    )
    return [h for h in hrefs if h.startswith("/") and not SKIP.search(h)]


@pytest.mark.parametrize("username", ["admin", "city", "county", "township", "mentor", "trainee"])
def test_every_page_of_the_role_passes_axe_and_the_html_checker(username, demo, live_server, page):
    assert AXE.exists() and VNU.exists(), "run scripts/ensure-frontend-tools.sh"
    html = ARTIFACTS / "html" / username
    shutil.rmtree(html, ignore_errors=True)
    html.mkdir(parents=True)
    failures: list[str] = []

    sign_in(page, live_server, username)
    landing = urlsplit(page.url).path
    extra = [reverse("notifications:list"), reverse("accounts:password_change")]
    start = [landing, *_menu(page), *extra]
    visited = _walk(page, live_server, start, html, failures, limit=45, phone=True)
    assert len(visited) >= 5, visited

    if username == "city":  # some pages in English too
        page.goto(live_server.url + "/trainees/")
        with page.expect_navigation():
            page.click("#mainNav button[name=language][value=en]")
        assert page.locator("html").get_attribute("lang") == "en"
        english = html / "en"
        english.mkdir(exist_ok=True)
        _walk(page, live_server, visited[:8], english, failures, limit=8)

    # On a phone, the bell in the header, outside the menu.
    page.set_viewport_size(PHONE)
    assert page.get_by_test_id("notification-bell").is_visible()
    assert not page.locator("#mainNav").is_visible()

    failures += _vnu(html)
    (ARTIFACTS / f"a11y-{username}.txt").write_text("\n".join(failures), encoding="utf-8")
    assert not failures, "\n".join(failures)
