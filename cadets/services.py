"""Writes to trainee records. Views call these; these check the rule again (docs/conventions.md)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .models import Trainee

MSG_STALE_EDIT = _(
    "Someone else changed this record while you were editing it. Your changes were not saved; "
    "the form now shows the latest version — please make your changes again."
)


@transaction.atomic
def trainee_create(*, actor, trainee: Trainee) -> Trainee:
    if not actor.has_perm("cadets.add_trainee"):
        raise PermissionDenied
    trainee.full_clean()
    trainee.save()
    return trainee


@transaction.atomic
def trainee_update(*, actor, trainee: Trainee, expected_version: int) -> Trainee:
    """Save an edited trainee unless someone saved a newer version in the meantime."""
    if not actor.has_perm("cadets.change_trainee", trainee):
        raise PermissionDenied
    trainee.full_clean()
    # Claim the version atomically: of two concurrent edits of the same version only one wins.
    claimed = Trainee.objects.filter(pk=trainee.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ValidationError(MSG_STALE_EDIT, code="stale")
    trainee.version = expected_version + 1
    trainee.save()
    return trainee
