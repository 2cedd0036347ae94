"""Celery tasks: ids in, one service call, retries with backoff. They never decide what is due
(the sweep does) and never carry personal data (docs/architecture.md, "Data protection")."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep() -> int:
    """Run by beat every few minutes (settings.CELERY_BEAT_SCHEDULE)."""
    return services.sweep_run().pk


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def requeue_lost() -> int:
    """Run by beat every minute: deliveries whose task was lost are queued again."""
    return len(services.requeue_lost())


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # The bound is the delivery's own retry period (settings); Celery's is a backstop.
    max_retries=None,
    # The database down before the claim: try again shortly (the sweep would, later).
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
)
def deliver(self, delivery_id: int) -> str:
    result = services.delivery_send(delivery_id=delivery_id)
    if result.outcome is services.Outcome.RETRY:
        raise self.retry(countdown=services.retry_countdown(result.attempts))
    return result.outcome.value
