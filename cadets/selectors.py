"""Reads used by the trainee pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.pagination import TOTAL, LateRowPaginator

from .idnumber import mask_id_number, mask_phone
from .models import Cohort, Trainee

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


def trainee_history(trainee: Trainee, records: list | None = None) -> list[HistoryEntry]:
    """The latest changes, newest first, with sensitive values always masked (a full value is
    only ever shown through the audited reveal, cadets/reveal.py).

    One query (none when `records`, the rows of `history_rows`, were fetched with others),
    and one per kind of reference that changed (their names): consecutive history rows are
    diffed in memory rather than through `prev_record`, which would query once per row."""
    if records is None:
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
        for obj in model._default_manager.filter(pk__in=ids):
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


class TraineeListPaginator(LateRowPaginator):
    """The trainee list's pages (cadets/trainee_list.html): what a row shows — the trainee's
    name, ID number and status, the names of their cohort, county and township — and the list's
    count, in one query (accounts.pagination.LateRowPaginator).

    On PostgreSQL that query is written by hand around the page's ids and the count, which
    Django compiles from the filtered list: Django took longer to compile the query that joins
    three tables and reads part of the row (2,000 function calls) than PostgreSQL to run it, at
    every page (issue 9). tests/cadets/test_trainee_list_paginator.py checks that it returns
    what the ORM returns. Other databases go through the ORM."""

    SELECT_RELATED = ("cohort", "county", "township")
    ONLY = ("name", "id_number", "status", "cohort__name", "county__name", "township__name")

    def __init__(self, object_list, per_page: int) -> None:
        super().__init__(object_list, per_page, select_related=self.SELECT_RELATED, only=self.ONLY)

    def _rows(self, number: int):
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return super()._rows(number)
        bottom = (number - 1) * self.per_page
        page_ids = queryset.values("pk")[bottom : bottom + self.per_page]
        try:
            ids, ids_params = page_ids.query.sql_with_params()
            total, total_params = (
                ("NULL", ()) if "count" in self.__dict__ else self.total_sql(queryset, bottom)
            )
        except EmptyResultSet:  # a list that cannot have rows (a scope of no county)
            return []
        # The ids come in the list's order: ARRAY keeps it, WITH ORDINALITY numbers it.
        rows = Trainee.objects.using(queryset.db).raw(
            f"""SELECT t.id, t.name, t.id_number, t.status, t.cohort_id, t.county_id,
                       t.township_id, c.name AS cohort_name, k.name AS county_name,
                       w.name AS township_name, {total} AS {TOTAL}
                  FROM unnest(ARRAY({ids})) WITH ORDINALITY AS page (id, position)
                  JOIN cadets_trainee t ON t.id = page.id
                  JOIN cadets_cohort c ON c.id = t.cohort_id
                  JOIN accounts_orgunit k ON k.id = t.county_id
                  JOIN accounts_orgunit w ON w.id = t.township_id
                 ORDER BY page.position""",  # noqa: S608 - Django's SQL; values are parameters
            (*total_params, *ids_params),
        )
        rows = list(rows)
        for trainee in rows:
            # What select_related sets: the related objects, each with its name.
            for field, model, name in _RELATED:
                related = model.from_db(
                    queryset.db,
                    ["id", "name"],
                    (getattr(trainee, field.attname), getattr(trainee, name)),
                )
                field.set_cached_value(trainee, related)
        return rows


_RELATED = [
    (Trainee._meta.get_field("cohort"), Cohort, "cohort_name"),
    (Trainee._meta.get_field("county"), OrgUnit, "county_name"),
    (Trainee._meta.get_field("township"), OrgUnit, "township_name"),
]
