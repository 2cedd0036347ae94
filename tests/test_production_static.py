"""Issue 17: the production stack serves its own CSS and JavaScript — gunicorn with the
production settings, after collectstatic, answers the hashed Bootstrap CSS compressed and with
a far-future cache lifetime, and /favicon.ico exists."""

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _production_env(var_dir: Path, database_url: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "VAR_DIR": str(var_dir),  # STATIC_ROOT is VAR_DIR/static: a temporary one
        "SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": "http://127.0.0.1",  # production refuses the embedded default
        "DATABASE_URL": database_url,
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "FIELD_DIGEST_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
    }


def _get(url: str, **headers: str):
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers))  # noqa: S310


def _wait_until_answering(server: subprocess.Popen, url: str, log: Path) -> None:
    """Polls until gunicorn answers or exits: no wall-clock limit of our own, since a busy
    2-core machine may take long to start four workers; a dead server ends the wait."""
    while server.poll() is None:
        try:
            _get(url).close()
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn exited with {server.returncode}: {log.read_text()}")


def test_gunicorn_serves_hashed_compressed_cached_static_files(db, tmp_path):
    # The test database, migrated: the web process checks the stored data on start-up.
    database = connection.settings_dict
    env = _production_env(
        tmp_path,
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["vendor/bootstrap/bootstrap.min.css"]
    assert hashed != "vendor/bootstrap/bootstrap.min.css"

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(server, f"{base}/favicon.ico", tmp_path / "gunicorn.log")
        with _get(f"{base}/static/{hashed}", **{"Accept-Encoding": "br, gzip"}) as response:
            assert response.status == 200
            assert response.headers["Content-Encoding"] == "br"
            assert "immutable" in response.headers["Cache-Control"]
            assert "max-age=315360000" in response.headers["Cache-Control"]
            assert response.headers["Content-Type"].startswith("text/css")
        with _get(f"{base}/static/{hashed}", **{"Accept-Encoding": "gzip"}) as response:
            assert response.headers["Content-Encoding"] == "gzip"
        with _get(f"{base}/favicon.ico") as response:
            assert response.status == 200
            assert response.headers["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    finally:
        server.terminate()
        server.wait()
