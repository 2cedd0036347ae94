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

    One query, and one per kind of reference that changed (their names): consecutive history
    rows are diffed in memory rather than through `prev_record`, which would query once per
    row."""
    records = list(history_rows(trainee))
    if not records:  # rows written in bulk (an import, the benchmark's province) have none
        return []
    entries = []
    pairs = list(zip(records, records[1:] + [None], strict=True))[:HISTORY_LIMIT]
    diffs = [
        newer.diff_against(older).changes if older is not None else [] for newer, older in pairs
    ]
    related = _related_names(diffs)
    for (newer, _older), diff in zip(pairs, diffs, strict=True):
        changes = [_field_change(c.field, c.old, c.new, related) for c in diff]
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


def history_rows(trainee: Trainee):
    return trainee.history.select_related("history_user")[: HISTORY_LIMIT + 1]


def _related_names(diffs) -> dict[tuple[str, object], str]:
    """What the changed references (cohort, county, township, village, login account) are
    called, one query per kind of reference: a change log shows "甲县", never an internal id."""
    wanted: dict[str, set] = {}
    for diff in diffs:
        for change in diff:
            field = Trainee._meta.get_field(change.field)
            if field.is_relation:
                wanted.setdefault(change.field, set()).update(
                    v for v in (change.old, change.new) if v is not None
                )
    names = {}
    for name, ids in wanted.items():
        model = Trainee._meta.get_field(name).related_model
        for obj in model._meta.default_manager.filter(pk__in=ids):
            names[(name, obj.pk)] = str(obj)
    return names


def _field_change(field: str, old, new, related: dict | None = None) -> FieldChange:
    label = str(Trainee._meta.get_field(field).verbose_name)
    if Trainee._meta.get_field(field).is_relation:
        related = related or {}
        old, new = (
            "" if v is None else related.get((field, v), str(_("(removed)"))) for v in (old, new)
        )
    else:
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
