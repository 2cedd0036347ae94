"""Pages with Redis down, against a redis-server this test starts and stops itself: the cache
degrades to a miss, sessions are read from the database, the outage is logged once; a session
signed out during the outage does not come back with Redis."""

from __future__ import annotations

import logging
import subprocess
import time

import pytest

from config.cache import OUTAGE
from tests.notifications.conftest import _redis_ping, free_port


class PersistentRedis:
    """A redis-server on a free port that keeps its data across a stop (SHUTDOWN SAVE): Redis
    unreachable for a while, then back with what it held before."""

    def __init__(self, directory) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory), "--dbfilename", "dump.rdb"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        while not _redis_ping(self.port):  # readiness, however long it takes
            if self.process.poll() is not None:
                raise AssertionError("redis-server did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "save"],
                           capture_output=True, check=False)  # fmt: skip
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis(tmp_path, settings):
    server = PersistentRedis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "xd",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHE_OUTAGE_RETRY_SECONDS = 0  # every request tries Redis again
    yield server
    server.stop()
    OUTAGE.down, OUTAGE.unsynced = False, set()


def _cache_errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "config.cache" and r.levelno >= logging.ERROR]  # fmt: skip


def test_pages_answer_while_redis_is_down_and_the_outage_is_logged_once(
    redis, world, login, caplog
):
    client = login(world.users["city_staff"])
    pages = ["/office/", "/trainees/", f"/trainees/{world.own.pk}/", "/notifications/"]
    assert client.get("/trainees/").status_code == 200
    redis.stop()
    for _ in range(3):
        for page in pages:
            assert client.get(page).status_code == 200, page
    assert len(_cache_errors(caplog)) == 1
    redis.start()
    assert client.get("/trainees/").status_code == 200
    assert any("answers again" in r.getMessage() for r in caplog.records)
    assert len(_cache_errors(caplog)) == 1


def test_signing_in_works_while_redis_is_down(redis, world, client):
    user = world.users["city_staff"]
    user.set_password("a-long-password-1")
    user.save()
    redis.stop()
    response = client.post("/login/", {"username": user.username, "password": "a-long-password-1"})
    assert response.status_code == 302
    assert client.get("/trainees/").status_code == 200


def test_a_session_signed_out_while_redis_is_down_stays_signed_out(redis, world, login):
    client = login(world.users["city_staff"])
    assert client.get("/trainees/").status_code == 200  # the session is now in Redis too
    cookie = client.cookies["sessionid"].value
    redis.stop()  # Redis keeps the session on disk
    assert client.post("/logout/").status_code == 302
    redis.start()  # … and comes back with it
    client.cookies["sessionid"] = cookie
    assert (
        client.get("/trainees/").status_code == 302
    )  # to the sign-in page: the old session is gone
