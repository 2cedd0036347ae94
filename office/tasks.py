"""Celery tasks of the desk: a job id in, one service call. The file stays on disk; no personal
data travels through the broker (docs/domain.md, "What is kept per trainee")."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def check_import(job_id: int) -> str:
    return services.import_check(job_id=job_id).status


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def commit_import(job_id: int) -> str:
    return services.import_commit(job_id=job_id).status
