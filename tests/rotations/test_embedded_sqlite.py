"""The embedded default: on SQLite the exclusion constraint and btree_gist are skipped, so
`migrate` and `seed_demo` still work there (the service check alone guards overlaps)."""

from __future__ import annotations

import shutil

from tests.conftest import embedded_env, manage


def test_migrate_and_seed_work_on_sqlite(seeded_sqlite, tmp_path):
    database = tmp_path / "embedded.sqlite3"
    # `migrate` and `seed_demo` ran on SQLite in the fixtures (tests/conftest.py).
    shutil.copyfile(seeded_sqlite.path, database)
    env = embedded_env(tmp_path / "var", database, settings="config.settings.test")
    # 60 trainees × 7 rotations, the planned ones the demo cancelled (so that one rotation ends
    # with no next post, rotations/demo.py) counted from the history.
    out = manage(
        env,
        "shell",
        "-c",
        "from rotations.models import Rotation; "
        "print(Rotation.objects.count() + Rotation.history.filter(history_type='-').count())",
        timeout=120,
    )
    assert out.strip().splitlines()[-1] == "420"
