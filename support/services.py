"""Writes of care and support: keyword-only, checked again here, atomic, full_clean()."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadets.models import Programme, Trainee

from .models import CareRecord, Difficulty, Entitlement, EntitlementType, SupportSettings

MSG_RESOLVED = _("The difficulty is marked resolved.")
MSG_RAISED = _("The difficulty was recorded; the staff of your township will follow it up.")


def _check(actor, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


@transaction.atomic
def care_record_create(*, actor, trainee: Trainee, record: CareRecord) -> CareRecord:
    _check(actor, "support.add_care_record", trainee)
    record.trainee = trainee
    record.recorded_by = actor
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def difficulty_raise(
    *, actor, trainee: Trainee, difficulty: Difficulty, today: dt.date | None = None
) -> Difficulty:
    """Record a difficulty; it is due after the configured days, its owner set by staff."""
    _check(actor, "support.raise_difficulty", trainee)
    today = today or timezone.localdate()
    difficulty.trainee = trainee
    difficulty.raised_by = actor
    difficulty.raised_on = today
    difficulty.due_on = today + dt.timedelta(days=SupportSettings.current().difficulty_due_days)
    difficulty.status = Difficulty.Status.OPEN
    difficulty.full_clean()
    difficulty.save()
    return difficulty


@transaction.atomic
def difficulty_handle(
    *, actor, difficulty: Difficulty, resolved: bool, today: dt.date | None = None
) -> Difficulty:
    """Save owner, due date and resolution; resolving closes it (and its reminders)."""
    _check(actor, "support.handle_difficulty", difficulty.trainee)
    if resolved:
        difficulty.status = Difficulty.Status.RESOLVED
        difficulty.resolved_on = difficulty.resolved_on or today or timezone.localdate()
    else:
        difficulty.status = Difficulty.Status.OPEN
        difficulty.resolved_on = None
    difficulty.full_clean()
    difficulty.save()
    return difficulty


@transaction.atomic
def entitlements_set_up(*, actor, trainee: Trainee) -> int:
    """Give the trainee a row for every entitlement type of the programme in use; the ones
    they already have are kept as they are. Returns the number added."""
    _check(actor, "support.change_entitlement", trainee)
    types = EntitlementType.objects.filter(programme=Programme.current(), active=True)
    have = set(trainee.entitlements.values_list("type_id", flat=True))
    new = [Entitlement(trainee=trainee, type=t) for t in types if t.pk not in have]
    for row in new:
        row.full_clean()
    Entitlement.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def entitlement_update(*, actor, entitlement: Entitlement) -> Entitlement:
    _check(actor, "support.change_entitlement", entitlement.trainee)
    entitlement.full_clean()
    entitlement.save()
    return entitlement


@transaction.atomic
def entitlement_type_save(*, actor, entitlement_type: EntitlementType) -> EntitlementType:
    _check(actor, "support.change_rules")
    if entitlement_type.programme_id is None:
        entitlement_type.programme = Programme.current()
    entitlement_type.full_clean()
    entitlement_type.save()
    return entitlement_type


@transaction.atomic
def support_settings_update(*, actor, settings_row: SupportSettings) -> SupportSettings:
    _check(actor, "support.change_rules")
    settings_row.full_clean()
    settings_row.save()
    return settings_row
