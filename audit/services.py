"""Writing audit events. Every module that does something the log must show calls
`audit_record`; it never receives the sensitive value itself."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from .models import RETENTION_FLOOR_DAYS, AuditEvent

Action = AuditEvent.Action


def audit_record(
    *,
    action: str,
    actor=None,
    request=None,
    subject: models.Model | None = None,
    field: str = "",
    reason: str = "",
    actor_label: str = "",
) -> AuditEvent:
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        action=action,
        actor_id=actor.pk if actor is not None else None,
        actor_label=(actor.get_username() if actor is not None else actor_label)[:150],
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        subject_label=str(subject)[:200] if subject is not None else "",
        field=field,
        reason=reason,
        path=(request.path[:300] if request is not None else ""),
        ip_address=_client_ip(request),
    )


def audit_prune(*, now: dt.datetime | None = None) -> int:
    """Delete events older than the retention period (never less than the trigger's floor)."""
    days = max(
        getattr(settings, "AUDIT_RETENTION_DAYS", RETENTION_FLOOR_DAYS), RETENTION_FLOOR_DAYS
    )
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _ = AuditEvent.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a proxy we trust
    # sets it, and the log must not be forgeable.
    return request.META.get("REMOTE_ADDR") or None if request is not None else None
