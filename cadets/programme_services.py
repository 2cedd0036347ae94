"""Saving the programme rules (training length, probation, leave rules, the approval chain).

City staff change them in the product (cadets/programme_views.py); every change is kept in the
rules' history (django-simple-history) with who made it. Trainees' probation and training end
dates derive from the programme (Trainee.set_derived_dates), so a new length applies to every
trainee still in training at once — not silently at their next edit."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import LeaveApprovalLevel, LeavePolicy, Programme, Trainee


@transaction.atomic
def programme_rules_save(
    *,
    actor,
    programme: Programme,
    policy: LeavePolicy,
    levels: Sequence[LeaveApprovalLevel] = (),
    removed: Sequence[LeaveApprovalLevel] = (),
) -> int:
    """Save the rules; returns how many trainees' end dates were recomputed."""
    if not actor.has_perm("cadets.change_programme"):
        raise PermissionDenied
    old = (
        Programme.objects.filter(pk=programme.pk)
        .values_list("training_months", "probation_months")
        .first()
    )
    programme.full_clean()
    programme.save()
    policy.full_clean()
    policy.save()
    for level in removed:
        if level.pk:
            level.delete()
    # Move the edited steps out of the way first, so that swapping two orders does not trip
    # the unique order while the rows are saved one by one (each save keeps its history).
    kept = [level for level in levels if level.pk]
    for offset, level in enumerate(kept):
        LeaveApprovalLevel.objects.filter(pk=level.pk).update(order=30000 + offset)
    for level in levels:
        level.full_clean()
        level.save()
    if old is None or old != (programme.training_months, programme.probation_months):
        return _recompute_end_dates(programme)
    return 0


def _recompute_end_dates(programme: Programme) -> int:
    trainees = list(Trainee.objects.in_training())
    for trainee in trainees:
        trainee.set_derived_dates(programme)
    Trainee.objects.bulk_update(trainees, ["probation_ends_on", "training_ends_on"], batch_size=500)
    return len(trainees)
