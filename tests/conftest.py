import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .demo_city import demo_city_lay, demo_city_seed_and_copy
from .world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """`login(user)` signs the test client in as `user` (None stays anonymous)."""

    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def demo_city_rows(django_db_setup, django_db_blocker):
    """The demo city's rows, seeded by `seed_demo` once per session (tests/demo_city.py)."""
    with django_db_blocker.unblock():
        return demo_city_seed_and_copy()


@pytest.fixture
def demo_city(db, demo_city_rows):
    """The database holds the demo city of `seed_demo` and nothing else, as after `make run`.

    Works in transactional tests too (the browser tests, backup and restore): their flush at the
    end empties the tables again."""
    demo_city_lay(demo_city_rows)


ROOT = Path(__file__).resolve().parents[1]
# Settings of the test process that would point a child process of the embedded default at
# PostgreSQL, Redis or a mail server.
NOT_EMBEDDED = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL"}


def embedded_env(var_dir: Path, database: Path, settings: str = "config.settings.dev", **extra):
    """The environment of a `manage.py` child process on the embedded default: SQLite at
    `database`, the var folder at `var_dir`, no PostgreSQL, Redis or mail server."""
    env = {key: value for key, value in os.environ.items() if key not in NOT_EMBEDDED}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{database}",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def manage(env: dict, *args: str, timeout: int = 600) -> str:
    """Runs `manage.py <args>` in a child process; its standard output, once it succeeded."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file that `manage.py migrate` brought up to date on the embedded default.

    Migrated once per session (the migrations read no setting but the user model, so one file
    serves every settings module); the tests of the embedded default copy it and go on from
    there with `seed_demo`, a server or a worker."""
    folder = tmp_path_factory.mktemp("embedded")
    path = folder / "migrated.sqlite3"
    manage(embedded_env(folder / "var", path), "migrate", "--noinput", "-v0")
    return path


@dataclass
class SeededSqlite:
    path: Path
    stdout: str
    # The var folder of the seeding: the e-mails of the demo's first sweep wait in its
    # filesystem queue (celery/queue) for a worker.
    var: Path


@pytest.fixture(scope="session")
def seeded_sqlite(migrated_sqlite, tmp_path_factory) -> SeededSqlite:
    """A copy of `migrated_sqlite` that `manage.py seed_demo` filled on the embedded default,
    as `make run` does: seeded once per session; the tests copy the file (and the var folder)
    before they go on from there."""
    folder = tmp_path_factory.mktemp("seeded")
    path = folder / "seeded.sqlite3"
    shutil.copyfile(migrated_sqlite, path)
    stdout = manage(embedded_env(folder / "var", path), "seed_demo")
    return SeededSqlite(path=path, stdout=stdout, var=folder / "var")
