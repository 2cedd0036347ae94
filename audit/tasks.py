from celery import shared_task

from .services import audit_prune


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=60, max_retries=3)
def prune_audit_log() -> int:
    """Daily: delete audit events past the retention period (settings.AUDIT_RETENTION_DAYS)."""
    return audit_prune()
