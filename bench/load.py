"""The mixed-load test: gunicorn on 127.0.0.1 and N client threads for a fixed time.

Each thread plays one role after another: it signs in through the login form (the real
password hasher), walks that role's pages and, as a mentor, submits this month's mentoring
record; then the next role. Every request's latency is kept; an error is an exception or a
status other than 200/302 (a form post must redirect). Loopback only; bounded in time and in
requests (MAX_REQUESTS).
"""

from __future__ import annotations

import http.client
import itertools
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD

HOST = "127.0.0.1"
MAX_REQUESTS = 200_000
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Persona:
    username: str
    urls: list[str]
    post: tuple[str, dict] | None = None  # (url, form data) submitted once per visit


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    logins: int = 0
    posts: int = 0
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, ok: bool, what: str = "") -> None:
        with self.lock:
            self.latencies.append(seconds)
            if not ok:
                self.errors += 1
                if len(self.samples) < 5:
                    self.samples.append(what)


def personas(subjects) -> list[Persona]:
    """The roles of one scale (bench.pages.Scale) and the pages each walks."""
    from cadets.models import Trainee
    from mentors.models import Mentorship

    today = timezone.localdate()
    detail = reverse("cadets:trainee_detail", args=[subjects.trainee_id])

    def section(key: str) -> str:  # a section of the trainee page (cadets/panels.py)
        return reverse("cadets:trainee_section", args=[subjects.trainee_id, key])

    trainees = reverse("cadets:trainee_list")
    pairing = (
        Mentorship.objects.filter(mentor__user=subjects.mentor, ends_on__isnull=True)
        .order_by("-is_primary", "pk")
        .first()
    )
    feedback = reverse("mentors:feedback_edit", args=[pairing.pk, today.year, today.month])
    form = {
        "talk_on": today.replace(day=1).isoformat(),
        "talk_form": "face",
        "thinking": "围绕理想信念开展谈心。",
        "work": "指导其参与项目推进。",
        "conduct": "要求其严守纪律。",
        "life": "关心其生活起居。",
        "remark": "表现良好。",
        "attention_reason": "",
        "action": "submit",
    }
    search = Trainee.objects.get(pk=subjects.trainee_id).name[:2]
    deep_page = max(1, Trainee.objects.visible_to(subjects.top).count() // 25 // 2)
    return [
        Persona(
            subjects.top.username,
            [
                trainees,
                f"{trainees}?page={deep_page}",
                f"{trainees}?{urllib.parse.urlencode({'q': search})}",
                reverse("rotations:timeline"),
                reverse("rotations:coverage_list"),
                reverse("assessments:talent_pool"),
                reverse("mentors:flagged_list"),
                detail,
            ],
        ),
        Persona(
            subjects.county.username,
            [
                f"{trainees}?county={subjects.county_id}",
                detail,
                section("training"),
                reverse("assessments:cycle_detail", args=[subjects.cycle_id]),
                reverse("rotations:coverage_list"),
                trainees,
            ],
        ),
        Persona(
            subjects.unit.username,
            [
                reverse("notifications:list"),
                trainees,
                detail,
                section("daily"),
                reverse("rotations:timeline"),
            ],
        ),
        Persona(
            subjects.mentor.username,
            [
                reverse("mentors:home"),
                feedback,
                detail,
                section("training"),
                reverse("mentors:home"),
            ],
            post=(feedback, form),
        ),
        Persona(
            subjects.trainee_user.username,
            [
                reverse("cadets:me"),
                reverse("notifications:list"),
                reverse("cadets:me_section", args=["daily"]),
            ],
        ),
    ]


class _Browser:
    """One signed-in person: cookies and CSRF token over http.client, a connection a request."""

    def __init__(self, port: int, tally: Tally) -> None:
        self.port, self.tally, self.cookies = port, tally, {}

    def request(self, method: str, path: str, data: dict | None = None, expect=(200, 302)):
        body = urllib.parse.urlencode(data) if data is not None else None
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        t0 = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            status = response.status
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            conn.close()
        except (OSError, http.client.HTTPException) as error:
            self.tally.add(time.perf_counter() - t0, False, f"{method} {path}: {error}")
            return None, ""
        ok = status in expect
        self.tally.add(time.perf_counter() - t0, ok, f"{method} {path}: {status}")
        return status, text

    def login(self, username: str) -> bool:
        self.cookies = {}
        status, text = self.request("GET", reverse("accounts:login"), expect=(200,))
        match = CSRF_INPUT.search(text or "")
        if not match:
            return False
        status, _ = self.request(
            "POST",
            reverse("accounts:login"),
            {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": match[1]},
            expect=(302,),
        )
        with self.tally.lock:
            self.tally.logins += 1
        return status == 302

    def post_form(self, url: str, data: dict) -> None:
        status, text = self.request("GET", url, expect=(200,))
        match = CSRF_INPUT.search(text or "")
        if not match:
            return
        self.request("POST", url, {**data, "csrfmiddlewaretoken": match[1]}, expect=(302,))
        with self.tally.lock:
            self.tally.posts += 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db.get("USER") or "")
    password = urllib.parse.quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{db['NAME']}"


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.dev"),
        "DATABASE_URL": _database_url(),
        "DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
    }
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread" if threads > 1 else "sync", "--log-level", "warning",
        "--backlog", "64",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603
    # Wait for readiness as long as gunicorn lives: a busy machine may take minutes to import
    # the project, and a short wall-clock limit made the smoke test fail there (issue 18).
    while True:
        if process.poll() is not None:
            raise RuntimeError("gunicorn did not start")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            conn.request("GET", reverse("accounts:login"), headers={"Host": f"{HOST}:{port}"})
            status = conn.getresponse().status
        except OSError:
            time.sleep(0.3)
            continue
        if status == 200:
            return process
        process.terminate()
        raise RuntimeError(f"gunicorn answered the sign-in page with {status}")


def run_load(
    subjects,
    *,
    seconds: float = 60,
    connections: int = 10,
    # As deployed (Dockerfile, docker-compose.yml): gunicorn's sync workers, two per core. Two
    # threads a worker measured a worse p95 here (they contend for one interpreter lock).
    workers: int = 4,
    threads: int = 1,
    log=print,
) -> dict:
    port = _free_port()
    server = start_gunicorn(port, workers, threads)
    tally = Tally()
    cast = personas(subjects)
    turns = itertools.count()
    try:
        stop = time.monotonic() + seconds

        def worker(index: int) -> None:
            browser = _Browser(port, tally)
            while time.monotonic() < stop and len(tally.latencies) < MAX_REQUESTS:
                persona = cast[(next(turns) + index) % len(cast)]
                if not browser.login(persona.username):
                    continue
                for url in persona.urls:
                    if time.monotonic() >= stop:
                        return
                    browser.request("GET", url, expect=(200,))
                if persona.post and time.monotonic() < stop:
                    browser.post_form(*persona.post)

        started = time.monotonic()
        threads_ = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
        for thread in threads_:
            thread.start()
        for thread in threads_:
            thread.join(seconds + 60)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    latencies = sorted(tally.latencies)
    for sample in tally.samples:
        log(f"    error: {sample}")
    return {
        "connections": connections,
        "seconds": elapsed,
        "workers": f"{workers}×{threads} threads" if threads > 1 else workers,
        "requests": len(latencies),
        "throughput": len(latencies) / elapsed if elapsed else 0,
        "p95": latencies[max(0, int(0.95 * len(latencies)) - 1)] if latencies else 0,
        "median": statistics.median(latencies) if latencies else 0,
        "errors": tally.errors,
        "logins": tally.logins,
        "posts": tally.posts,
    }
