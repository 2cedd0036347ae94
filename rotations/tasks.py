"""Celery tasks of the rotations app: ids in, one service call (docs/conventions.md)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections

from . import planner_runs

# The worker stops a run that overstays its time limit, the explanation and some slack.
HARD_LIMIT_S = int(getattr(settings, "PLANNER_TIME_LIMIT_S", 30)) + 120


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=HARD_LIMIT_S,
    time_limit=HARD_LIMIT_S + 30,
)
def planner_run(run_id: int) -> str | None:
    """Solve one `PlannerRun` (claimed with a conditional UPDATE, so a redelivered task whose
    run is done or taken does nothing) and store the result on its row."""
    close_old_connections()
    try:
        return planner_runs.run_execute(run_id=run_id)
    finally:
        close_old_connections()
