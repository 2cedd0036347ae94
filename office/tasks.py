"""Celery tasks of the desk: a job id in, one service call. The file stays on disk; no personal
data travels through the broker (docs/architecture.md, "Data protection")."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def check_import(job_id: int) -> str:
    return services.import_check(job_id=job_id).status


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def commit_import(job_id: int) -> str:
    return services.import_commit(job_id=job_id).status


# The dashboard's summaries are rebuilt on the beat's schedule (settings.CELERY_BEAT_SCHEDULE);
# a rebuild still queued when the next is due is dropped: the next one does its work.
@shared_task(ignore_result=True)
def refresh_dashboard() -> str:
    from .summaries import dashboard_refresh, summaries_vacuum

    refresh = dashboard_refresh()
    summaries_vacuum()
    return f"{refresh.refreshed_at:%Y-%m-%d %H:%M:%S}"


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def discard_stale_imports() -> int:
    """Run by beat every hour (settings.CELERY_BEAT_SCHEDULE)."""
    return services.import_jobs_discard_stale()
