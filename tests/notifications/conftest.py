"""Fixtures of the reminder tests: a world with e-mail addresses, a provider registered for one
test, and — for the recovery tests — a throwaway redis-server and real Celery workers started
as subprocesses (stopped, by their own pid, when the test ends)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import kombu.pools
import pytest
from django.db import connection

from config.celery import app as celery_app
from notifications import due
from notifications.models import ReminderSettings

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 27)


# The sweep's own tests count what it writes with the two reference providers of
# cadets.reminders; every other provider is tested in its app's tests/<app>/test_reminders.py
# (the world's mentorship, for one, owes a monthly record on most days).
REFERENCE_PROVIDERS = ("cadets.reminders.probation_ending", "cadets.reminders.training_ending")


@pytest.fixture(autouse=True)
def reference_providers_only(monkeypatch):
    registered = due.providers()
    monkeypatch.setattr(due, "_providers", {name: registered[name] for name in REFERENCE_PROVIDERS})


@pytest.fixture
def config(db) -> ReminderSettings:
    return ReminderSettings.current()


@pytest.fixture
def mail_world(world):
    """The world, with an e-mail address on every account."""
    for role, user in world.users.items():
        if user is not None:
            user.email = f"{role}@example.invalid"
            user.save(update_fields=["email"])
    other_user = world.other.user
    other_user.email = "other@example.invalid"
    other_user.save(update_fields=["email"])
    return world


@pytest.fixture
def register_provider():
    """`register_provider(func)` adds a due-item provider for this test only."""
    names = []

    def _register(func, *lead_times):
        due.provider(*lead_times)(func)
        names.append(f"{func.__module__}.{func.__qualname__}")
        return func

    yield _register
    for name in names:
        due.unregister(name)


# --- Real Redis and real workers ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    """A redis-server of our own on a free port, without persistence: stopping it loses every
    queued message, as a crash of an unpersisted broker would."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Ready when it answers, however long a busy machine takes; failed only if it died.
        while not _redis_ping(self.port):
            if self.process.poll() is not None:
                raise AssertionError(f"redis-server on port {self.port} did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


def _redis_ping(port: int) -> bool:
    result = subprocess.run(
        ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() == "PONG"


def _wait_for(predicate, *, timeout: float, what: str, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def redis_server():
    server = ThrowawayRedis()
    server.start()
    with celery_broker(server.url):
        yield server
    server.stop()


@contextlib.contextmanager
def celery_broker(url: str):
    """Point this process's Celery app (which the sweep queues through) at `url`."""
    old = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    _reset_pools()
    try:
        yield
    finally:
        celery_app.conf.broker_url = old
        _reset_pools()


def _reset_pools() -> None:
    """Forget every connection and producer pool, so that the next publish connects to the
    address now configured. kombu keeps its pools in a registry by address: closing this app's
    pools alone left a closed one there, handed back when the old address returned ("Acquire on
    closed pool")."""
    kombu.pools.reset()
    celery_app._pool = None  # Celery's, not Django's
    celery_app.amqp._producer_pool = None


def test_database_url() -> str:
    settings = connection.settings_dict
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


class Workers:
    """Start Celery workers as subprocesses, as `make run` does, and stop each by its pid."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.record = tmp_path / "mail.log"
        self.record.touch()
        self.processes: list[subprocess.Popen] = []

    def start(self, broker_url: str, *, mail_delay: float = 0.0) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url,
            "TEST_MAIL_RECORD": str(self.record),
            "TEST_MAIL_DELAY": str(mail_delay),
        }
        log = open(self.tmp_path / f"worker-{len(self.processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                "-Q",
                "celery,deliveries",  # the sweeps' queue and the e-mail queue
                "-n",
                f"test-{uuid.uuid4().hex[:8]}@%h",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def lines(self) -> list[str]:
        return self.record.read_text(encoding="utf-8").splitlines()

    def sent(self) -> list[str]:
        """The delivery ids of every message sent, one entry per sending."""
        return [line.split()[1] for line in self.lines() if line.startswith("sent ")]

    def logs(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.tmp_path.glob("worker-*.log")))

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


@pytest.fixture
def workers(tmp_path, transactional_db):
    pool = Workers(tmp_path)
    yield pool
    pool.stop_all()


@pytest.fixture
def wait_for():
    return _wait_for
