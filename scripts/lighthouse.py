"""`make bench-lighthouse` (issue 17): Lighthouse over six pages of the demo city, served as a
deployment serves them — gunicorn, DEBUG off, hashed and compressed static files through
WhiteNoise (config.settings.preview) — with Debian's Chromium; the scores and the LCP go into
docs/benchmarks.md between the `lighthouse` markers.

Desktop: the sign-in page, the city's dashboard, the trainee list, a trainee's page.
Mobile (Lighthouse's simulated slow 4G and mid-range phone): the mentor's home, the trainee's
own page. Signed-in pages get the session cookie of a sign-in made beforehand.

Usage: LIGHTHOUSE_DATABASE_URL=postgres://… REDIS_URL=… python scripts/lighthouse.py
"""

# ruff: noqa: S603, S310 -- runs our own commands and fetches our own local server only
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "var" / "frontend-tools" / "node_modules" / ".bin" / "lighthouse"
REPORT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
PASSWORD = "Demo@2026"
TARGETS = {"desktop": 98, "mobile": 95}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(url: str) -> None:
    """Creates the PostgreSQL database of `url` if it does not exist yet."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(
        (parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment)
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = "SELECT 1 FROM pg_database WHERE datname = %s"
        if not connection.execute(exists, [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_answering(server: subprocess.Popen, url: str) -> None:
    while server.poll() is None:
        try:
            urllib.request.urlopen(url).close()  # noqa: S310 -- our own local server
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn exited with {server.returncode}")


def session_cookie(base: str, username: str) -> tuple[str, urllib.request.OpenerDirector]:
    """Signs in as the demo user; returns the Cookie header and an opener that carries it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": base}))
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, f"{username} could not sign in"
    return "; ".join(f"{k}={v}" for k, v in cookies.items()), opener


def lighthouse(url: str, form: str, cookie: str | None, out: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if form == "desktop":
        command.append("--preset=desktop")
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for attempt in range(3):  # Lighthouse asks to be run again when a trace comes out broken
        if subprocess.run(command, check=attempt == 2, env=env).returncode == 0:
            break
    report = json.loads(out.read_text())
    categories = report["categories"]
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "best-practices": round(categories["best-practices"]["score"] * 100),
        "lcp": report["audits"]["largest-contentful-paint"]["numericValue"] / 1000,
        "weight": report["audits"]["total-byte-weight"]["numericValue"] / 1024,
    }


def write_report(rows: list[tuple[str, str, dict]]) -> None:
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    lines = [
        START,
        "## Front end: Lighthouse (issue 17)",
        "",
        f"`make bench-lighthouse`, {time.strftime('%Y-%m-%d')}: Lighthouse "
        f"{version.stdout.strip()}"
        " with Debian's Chromium, against gunicorn serving the demo city with the production "
        "static files (config.settings.preview). Mobile is Lighthouse's simulated slow 4G and "
        "mid-range phone. Targets: performance ≥ 98 desktop and ≥ 95 mobile, accessibility "
        "and best practices 100, mobile LCP ≤ 2.0 s.",
        "",
        "| page | form | performance | accessibility | best practices | LCP | transferred |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, form, s in rows:
        lines.append(
            f"| {name} | {form} | {s['performance']} | {s['accessibility']} | "
            f"{s['best-practices']} | {s['lcp']:.2f} s | {s['weight']:.0f} KB |"
        )
    lines.append(END)
    text = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n"
    block = "\n".join(lines)
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    REPORT.write_text(text)


def main() -> int:
    tools = ROOT / "scripts" / "ensure-frontend-tools.sh"
    subprocess.run([str(tools)], check=True, env={**os.environ, "WITH_LIGHTHOUSE": "1"})
    var_dir = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.preview",
        "DATABASE_URL": os.environ.get(
            "LIGHTHOUSE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xuandiao_lighthouse"
        ),
        "VAR_DIR": str(var_dir),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    if os.environ.get("LIGHTHOUSE_SEED", "1") == "1":
        ensure_database(env["DATABASE_URL"])
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v0")
    port = free_port()
    base = f"http://localhost:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_answering(server, f"{base}/login/")
        city, opener = session_cookie(base, "city")
        trainees = opener.open(f"{base}/trainees/").read().decode()
        trainee_page = re.search(r'href="(/trainees/\d+/)"', trainees)[1]
        mentor, _ = session_cookie(base, "mentor")
        trainee, _ = session_cookie(base, "trainee")
        pages = [
            ("Sign-in", "desktop", "/login/", None),
            ("City dashboard", "desktop", "/office/", city),
            ("Trainee list", "desktop", "/trainees/", city),
            ("A trainee's page", "desktop", trainee_page, city),
            ("Mentor's home", "mobile", "/mentoring/", mentor),
            ("Trainee's own page", "mobile", "/trainees/me/", trainee),
        ]
        rows = []
        for name, form, path, cookie in pages:
            scores = lighthouse(base + path, form, cookie, var_dir / f"{len(rows)}.json")
            rows.append((name, form, scores))
            print(f"{name:22} {form:8} {scores}")
    finally:
        server.terminate()
        server.wait()
    write_report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
