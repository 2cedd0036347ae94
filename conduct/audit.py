"""Every read of a tolerance case or a disciplinary record goes to the audit log: the detail
page, the lists, the cycle page's note and the printed documents alike.

The log's REVEAL action ("sensitive value revealed") with `field` naming the kind of record:
a read of a sensitive record is what that action records, and a new action would be a
migration of the audit app for a label only."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from audit.models import AuditEvent
from audit.services import audit_record

FIELD_TOLERANCE = "tolerance_case"
FIELD_DISCIPLINE = "discipline"
READ = "read"


def audit_read(*, actor, record: models.Model, field: str, request=None) -> None:
    audit_record(
        action=AuditEvent.Action.REVEAL,
        actor=actor,
        request=request,
        subject=record,
        field=field,
        reason=READ,
    )


def audit_reads(*, actor, records: Iterable[models.Model], field: str, request=None) -> None:
    """One event per record shown, written in one statement (a list shows up to a page)."""
    path = request.path[:300] if request is not None else ""
    ip = request.META.get("REMOTE_ADDR") or None if request is not None else None
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=AuditEvent.Action.REVEAL,
                actor_id=actor.pk,
                actor_label=actor.get_username()[:150],
                subject_type=record._meta.label_lower,
                subject_id=str(record.pk),
                subject_label=str(record)[:200],
                field=field,
                reason=READ,
                path=path,
                ip_address=ip,
            )
            for record in records
        ]
    )
