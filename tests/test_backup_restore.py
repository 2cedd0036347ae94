"""`make backup` and `make restore` round trip on the real PostgreSQL test database: the same
row counts and the same constraints come back."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from cadets.models import Trainee

ROOT = Path(__file__).resolve().parents[1]
TABLE_COUNTS = """
    SELECT relname, n FROM (
      SELECT c.relname,
             (xpath('/row/n/text()', query_to_xml(
                 format('SELECT count(*) AS n FROM %I', c.relname), false, true, ''
             )))[1]::text::int AS n
      FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE c.relkind = 'r' AND s.nspname = 'public') t ORDER BY relname
"""
CONSTRAINTS = """
    SELECT conrelid::regclass::text, conname, contype FROM pg_constraint
    JOIN pg_namespace s ON s.oid = connamespace WHERE s.nspname = 'public' ORDER BY 1, 2
"""


def _url(name: str) -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _snapshot(url: str) -> tuple[list, list]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(TABLE_COUNTS).fetchall(), conn.execute(CONSTRAINTS).fetchall()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(demo_city, tmp_path):
    source = connection.settings_dict["NAME"]
    target = f"{source}_restore"
    env = {**os.environ, "DATABASE_URL": _url(source), "BACKUP_DIR": str(tmp_path)}
    dump = subprocess.run(
        [ROOT / "scripts/backup.sh"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    assert Path(dump).stat().st_size > 10_000

    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run(
            [ROOT / "scripts/restore.sh", dump],
            env={**env, "DATABASE_URL": _url(target)},
            check=True,
            capture_output=True,
        )
        counts, constraints = _snapshot(_url(source))
        assert dict(counts)["cadets_trainee"] == Trainee.objects.count() > 0
        assert _snapshot(_url(target)) == (counts, constraints)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
