"""Optimistic locking for records two staff may edit at once (issue 18): a `lock_version`
column claimed with a conditional UPDATE when an edit is saved, as `trainee_update` does with
the trainee's `version`. Of two edits opened on the same version only the first save wins; the
second is refused with MSG_STALE_EDIT and its form shows again with the user's text kept, its
hidden version moved on, so that saving once more is a deliberate choice.

A model opts in with `lock_version = lock_version_field()`; its form calls `add_lock_field`;
its service calls `claim_edit(instance, expected)`; its view catches StaleEdit and calls
`show_stale(form, instance, error)`."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

FIELD = "lock_version"
MSG_STALE_EDIT = _(
    "Someone else saved this record while you were editing it, so your changes were not saved. "
    "Your text is kept below: check the record as it is now (open it in another tab), then save "
    "again if your version should replace theirs."
)


class StaleEdit(ValidationError):
    """The record changed since the form was opened."""


def lock_version_field() -> models.PositiveIntegerField:
    # A default in the database too: rows written in bulk outside the ORM (the province seed's
    # COPY, a restore of an older dump) start at version 0 rather than failing on NULL.
    return models.PositiveIntegerField(default=0, db_default=0, editable=False)


def add_lock_field(form: forms.BaseForm, instance: models.Model | None) -> None:
    """A hidden field carrying the version the form was opened on (call after the helper)."""
    current = getattr(instance, FIELD, 0) if instance is not None and instance.pk else 0
    form.fields[FIELD] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, initial=current
    )
    helper = getattr(form, "helper", None)
    if helper is not None and helper.layout is not None:
        helper.layout.append(FIELD)


def expected_version(form: forms.BaseForm) -> int:
    return form.cleaned_data.get(FIELD) or 0


def claim_edit(instance: models.Model, expected: int | None) -> None:
    """Move the stored version on from `expected`, or raise StaleEdit if it is not that."""
    if instance.pk is None or expected is None:
        return
    claimed = (
        type(instance)
        .objects.filter(pk=instance.pk, **{FIELD: expected})
        .update(**{FIELD: F(FIELD) + 1})
    )
    if not claimed:
        raise StaleEdit(MSG_STALE_EDIT, code="stale")
    setattr(instance, FIELD, expected + 1)


def show_stale(form: forms.BaseForm, instance: models.Model, error: ValidationError) -> None:
    """The refusal on the form, the user's text kept, the hidden version the current one."""
    form.add_error(None, error)
    current = type(instance).objects.filter(pk=instance.pk).values_list(FIELD, flat=True).first()
    data = form.data.copy()
    data[form.add_prefix(FIELD)] = current or 0
    form.data = data
