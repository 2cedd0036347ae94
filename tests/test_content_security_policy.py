"""A Content-Security-Policy without 'unsafe-inline' for scripts on every page, and no inline
script or event-handler attribute in any template."""

import re
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


def templates() -> list[Path]:
    return [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for path in templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JS_URL):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern.pattern}")
    assert not offenders, offenders
    assert len(templates()) > 10  # the scan does see the templates


def test_every_page_sends_the_policy(world, login):
    client = login(world.users["city_staff"])
    for url in [
        reverse("office:dashboard"),
        reverse("cadets:trainee_list"),
        reverse("accounts:login"),
    ]:
        policy = client.get(url)["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        assert "'unsafe-inline'" not in script_src and "'self'" in script_src
        assert "frame-ancestors 'none'" in policy
    assert client.get(reverse("accounts:home"))["X-Frame-Options"] == "DENY"
