"""The embedded default: on SQLite the exclusion constraint and btree_gist are skipped, so
`migrate` and `seed_demo` still work there (the service check alone guards overlaps)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_migrate_and_seed_work_on_sqlite(seeded_sqlite, tmp_path):
    database = tmp_path / "embedded.sqlite3"
    # `migrate` and `seed_demo` ran on SQLite in the fixtures (tests/conftest.py).
    shutil.copyfile(seeded_sqlite.path, database)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    # 60 trainees × 7 rotations, the planned ones the demo cancelled (so that one rotation ends
    # with no next post, rotations/demo.py) counted from the history.
    check = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from rotations.models import Rotation; "
         "print(Rotation.objects.count() + Rotation.history.filter(history_type='-').count())"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.stdout.strip().splitlines()[-1] == "420"
