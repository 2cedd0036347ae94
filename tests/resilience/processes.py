"""Celery beat as a subprocess, as `make run` starts it (optionally inside
scripts/keep-running.sh), on the test database and a throwaway Redis; stopped by its pid."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.notifications.conftest import ROOT, test_database_url


class Beat:
    def __init__(self, tmp_path: Path, broker_url: str, *, keep_running: bool = False,
                 scheduler: str = "tests.resilience.beat_scheduler:Scheduler") -> None:  # fmt: skip
        self.log_path = tmp_path / "beat.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url,
            "REMINDER_SWEEP_SECONDS": "2",
        }
        command = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
                   "--scheduler", scheduler]  # fmt: skip
        if keep_running:
            command = [str(ROOT / "scripts" / "keep-running.sh"), *command]
        self.log = open(self.log_path, "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()
