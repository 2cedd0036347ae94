"""Celery tasks: ids in, one service call, retries with backoff. They never decide what is due
(the sweep does) and never carry personal data (docs/domain.md, "What is kept per trainee")."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep() -> int:
    """Run by beat every few minutes (settings.CELERY_BEAT_SCHEDULE)."""
    return services.sweep_run().pk


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # The bound is the delivery's own count of attempts (settings); Celery's is a backstop.
    max_retries=None,
)
def deliver(self, delivery_id: int) -> str:
    result = services.delivery_send(delivery_id=delivery_id)
    if result.outcome is services.Outcome.RETRY:
        raise self.retry(countdown=services.retry_countdown(result.attempts))
    return result.outcome.value
