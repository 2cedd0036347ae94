"""The embedded default that `make run` uses — SQLite and Celery's filesystem transport, no
PostgreSQL or Redis — delivers a reminder end to end from a real worker and beat.

Everything runs in subprocesses against a temporary VAR_DIR, so the test touches neither the
test database nor the developer's var/."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import embedded_env

from .conftest import ROOT, _wait_for


def _env(tmp_path: Path) -> dict:
    return embedded_env(
        tmp_path / "var",
        tmp_path / "var" / "db.sqlite3",
        REDIS_URL="",
        # Four slashes: an absolute path for django-environ's file e-mail backend.
        EMAIL_URL=f"filemail:///{tmp_path / 'mail'}",
        REMINDER_SWEEP_SECONDS="2",
    )


def test_make_run_delivers_a_reminder_from_its_worker_and_beat(seeded_sqlite, tmp_path):
    env = _env(tmp_path)
    # `migrate` and `seed_demo` ran in the fixtures (tests/conftest.py), as in `make run`: the
    # demo's first sweep queued its e-mails on the filesystem queue of the seeding's var folder.
    shutil.copytree(seeded_sqlite.var, tmp_path / "var")
    database = tmp_path / "var" / "db.sqlite3"
    shutil.copyfile(seeded_sqlite.path, database)
    assert any((tmp_path / "var" / "celery" / "queue").iterdir())

    def query(sql: str):
        with sqlite3.connect(database, timeout=20) as db:
            return db.execute(sql).fetchall()

    assert query("select count(*) from notifications_notification")[0][0] > 0
    sweeps_after_seed = query("select count(*) from notifications_sweeprun")[0][0]
    logs = {name: open(tmp_path / f"{name}.log", "w") for name in ("worker", "beat")}  # noqa: SIM115
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT,
            env=env,
            stdout=logs[name],
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        for name, args in (
            ("worker", ["worker", "--pool=solo", "--loglevel=INFO", "-Q", "celery,deliveries"]),
            ("beat", ["beat", "--loglevel=INFO", "-s", str(tmp_path / "beat-schedule")]),
        )
    ]
    try:

        def delivered() -> bool:
            statuses = query("select status from notifications_delivery")
            sweeps = query("select count(*) from notifications_sweeprun")[0][0]
            return (
                bool(statuses)
                and all(status == "sent" for (status,) in statuses)
                and sweeps > sweeps_after_seed  # beat's schedule ran the sweep on the worker
            )

        _wait_for(delivered, timeout=120, interval=1, what="the reminder e-mail to be sent")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    mails = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    assert "X-Delivery-Id" in mails and "@example.invalid" in mails
