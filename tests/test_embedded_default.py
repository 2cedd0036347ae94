"""The embedded default: with no DATABASE_URL, the product migrates and seeds SQLite under a
var folder and the sign-in page answers — what `make run` does on a bare machine."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sqlite_migrate_seed_and_login_page(seeded_sqlite, tmp_path):
    # `migrate` and a first `seed_demo` ran in the fixtures (tests/conftest.py).
    shutil.copyfile(seeded_sqlite.path, tmp_path / "db.sqlite3")
    assert "trainee" in seeded_sqlite.stdout
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        VAR_DIR=str(tmp_path / "var"),
        PYTHONUNBUFFERED="1",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    again = subprocess.run(
        [*manage, "seed_demo"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Demo logins" in again.stdout  # idempotent: a second run changes nothing and succeeds

    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = ""
        # Ready when it answers, however long that takes on a busy machine; not when it died.
        while server.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/login/", timeout=2
                ) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert "登录" in body
    finally:
        server.terminate()
        server.wait(timeout=10)
