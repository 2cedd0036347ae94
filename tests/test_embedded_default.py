"""The embedded default: with no DATABASE_URL, the product migrates and seeds SQLite under a
var folder and the sign-in page answers — what `make run` does on a bare machine."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from .conftest import ROOT, embedded_env, manage


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sqlite_migrate_seed_and_login_page(seeded_sqlite, tmp_path):
    # `migrate` and a first `seed_demo` ran in the fixtures (tests/conftest.py).
    shutil.copyfile(seeded_sqlite.path, tmp_path / "db.sqlite3")
    assert "trainee" in seeded_sqlite.stdout
    env = embedded_env(tmp_path / "var", tmp_path / "db.sqlite3")
    # Idempotent: a second run changes nothing and succeeds.
    assert "Demo logins" in manage(env, "seed_demo", timeout=300)
    manage_py = [sys.executable, str(ROOT / "manage.py")]

    port = _free_port()
    server = subprocess.Popen(
        [*manage_py, "runserver", f"127.0.0.1:{port}", "--noreload"],
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
