"""Real outages of the test database, for the resilience tests: new connections refused
(ALLOW_CONNECTIONS false on the test database only — never the shared server) and every other
session on it terminated with pg_terminate_backend. The test's own connection is spared, so it
can watch; `database_outage` always lets connections in again, even when the test fails."""

from __future__ import annotations

import contextlib
import threading

import psycopg
from django.db import connection


def _admin() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname="postgres",
        autocommit=True,
    )


def refuse_connections(refuse: bool = True) -> None:
    name = connection.settings_dict["NAME"]
    with _admin() as admin:
        admin.execute(
            f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"false" if refuse else "true"}'  # noqa: S608
        )


def terminate_sessions(*, spare: set[int] = frozenset(), pids: set[int] | None = None) -> int:
    """Terminate sessions on the test database (all but `spare`, or only `pids`)."""
    name = connection.settings_dict["NAME"]
    with _admin() as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
        victims = [pid for (pid,) in rows if pid not in spare and (pids is None or pid in pids)]
        for pid in victims:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    return len(victims)


def own_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@contextlib.contextmanager
def database_outage(*, spare_own: bool = True):
    """PostgreSQL down for every session of the test database but (optionally) the test's."""
    spare = {own_pid()} if spare_own else set()
    refuse_connections(True)
    try:
        terminate_sessions(spare=spare)
        yield
    finally:
        refuse_connections(False)


def end_outage_after(seconds: float) -> threading.Timer:
    """Let connections in again `seconds` from now, from another thread."""
    timer = threading.Timer(seconds, refuse_connections, args=(False,))
    timer.start()
    return timer
