"""Writes of conduct records: keyword-only, checked again here, atomic, full_clean()."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadets.models import Trainee

from .models import (
    Award,
    ConductSettings,
    Discipline,
    ExemplaryCase,
    ToleranceCase,
    ToleranceCondition,
)

MSG_CASE_SAVED = _("The tolerance case was saved.")
MSG_DECIDED_BY_ORG = _("Only the organisation department records conduct.")


def _check(actor, perm: str = "conduct.manage", obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(MSG_DECIDED_BY_ORG)


@transaction.atomic
def tolerance_case_save(
    *, actor, case: ToleranceCase, conditions, trainee: Trainee | None = None
) -> ToleranceCase:
    """Create or update a case; whoever records a decision (or changes it) is its decider."""
    _check(actor, obj=trainee or case.trainee)
    if trainee is not None:
        case.trainee = trainee
        case.recorded_by = actor
    previous = (
        ToleranceCase.objects.filter(pk=case.pk).values_list("decision", flat=True).first()
        if case.pk
        else None
    )
    if case.decision == ToleranceCase.Decision.PENDING:
        case.decided_by = None
    elif case.decision != previous or case.decided_by_id is None:
        case.decided_by = actor
    case.full_clean()
    case.save()
    case.conditions_met.set(conditions)
    return case


@transaction.atomic
def award_create(*, actor, trainee: Trainee, award: Award) -> Award:
    _check(actor, obj=trainee)
    award.trainee = trainee
    award.recorded_by = actor
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def discipline_create(*, actor, trainee: Trainee, record: Discipline) -> Discipline:
    _check(actor, obj=trainee)
    record.trainee = trainee
    record.recorded_by = actor
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def exemplary_create(*, actor, trainee: Trainee, case: ExemplaryCase) -> ExemplaryCase:
    _check(actor, obj=trainee)
    case.trainee = trainee
    case.marked_by = actor
    case.marked_on = case.marked_on or timezone.localdate()
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def conduct_settings_update(*, actor, settings_row: ConductSettings) -> ConductSettings:
    _check(actor, "conduct.change_rules")
    settings_row.full_clean()
    settings_row.save()
    return settings_row


@transaction.atomic
def tolerance_condition_save(*, actor, condition: ToleranceCondition) -> ToleranceCondition:
    _check(actor, "conduct.change_rules")
    condition.full_clean()
    condition.save()
    return condition
