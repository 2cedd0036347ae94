"""Reads used by the trainee pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .idnumber import mask_id_number, mask_phone
from .models import Trainee

SENSITIVE_MASKS = {"id_number": mask_id_number, "phone": mask_phone}
HISTORY_LIMIT = 20


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: str
    kind: str
    changes: list[FieldChange]


HISTORY_KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def trainee_history(trainee: Trainee) -> list[HistoryEntry]:
    """The latest changes, newest first, with sensitive values always masked (a full value is
    only ever shown through the audited reveal, cadets/reveal.py).

    One query: consecutive history rows are diffed in memory rather than through
    `prev_record`, which would query once per row."""
    records = list(trainee.history.select_related("history_user")[: HISTORY_LIMIT + 1])
    if not records:  # rows written in bulk (an import, the benchmark's province) have none
        return []
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if len(entries) == HISTORY_LIMIT:
            break
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                changes.append(_field_change(change.field, change.old, change.new))
        user = newer.history_user
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=str(user) if user else _("system"),
                kind=HISTORY_KINDS.get(newer.history_type, ""),
                changes=changes,
            )
        )
    return entries


def _field_change(field: str, old, new) -> FieldChange:
    label = str(Trainee._meta.get_field(field).verbose_name)
    old, new = _display(field, old), _display(field, new)
    mask = SENSITIVE_MASKS.get(field)
    if mask:
        old, new = mask(old), mask(new)
    return FieldChange(field=label, old=old, new=new)


def _display(field: str, value) -> str:
    if value is None:
        return ""
    choices = dict(Trainee._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))
