"""The dashboard's "due and overdue" as summary rows (DueEntry): rebuilt with the other
summaries (office.summaries.dashboard_refresh, on the beat's schedule), read by the page in a
few queries whatever the size of the province (docs/decisions/0021-due-list-summary.md).

`due_entries` asks every reminder provider, as the sweep does, for what is due within the
dashboard's 14 days or overdue. `still_due` checks the few entries a page shows against their
providers' own queries in one statement, so that an item finished since the refresh leaves
the list at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, Value
from django.utils import translation

from notifications.due import DueItem, DueRows, SweepContext, providers
from notifications.models import ReminderSettings

from .models import DueEntry

DUE_HORIZON_DAYS = 14


class HorizonContext(SweepContext):
    """The sweep's context with one window for every lead time: today to 14 days ahead."""

    def window(self, lead) -> tuple[dt.date, dt.date]:
        return self.today, self.today + dt.timedelta(days=DUE_HORIZON_DAYS)


def due_entries(today: dt.date) -> Iterator[DueEntry]:
    """An entry for each item the providers say is overdue, or due within the 14 days."""
    ctx = HorizonContext(today=today, config=ReminderSettings.current())
    horizon = today + dt.timedelta(days=DUE_HORIZON_DAYS)
    content_types: dict[type, ContentType] = {}
    for name, provide in providers().items():
        for part in provide.parts(ctx):
            for item, row_id, placement in _items(part):
                if item.overdue_since is None and not today <= item.due_on <= horizon:
                    continue
                model = type(item.subject)
                if model not in content_types:
                    content_types[model] = ContentType.objects.get_for_model(model)
                yield DueEntry(
                    provider=name,
                    row_id=row_id,
                    kind=item.kind,
                    subject_type=content_types[model],
                    subject_id=item.subject.pk,
                    period=item.period,
                    due_on=item.due_on,
                    overdue_since=item.overdue_since,
                    shown_on=item.overdue_since or item.due_on,
                    titles=_titles(item),
                    url=item.url_for_others[:500],
                    **placement,
                )


def _items(part: DueRows | DueItem) -> Iterable[tuple[DueItem, int | None, dict]]:
    """(item, its row's id, the trainee's placement) of what a provider yielded."""
    if isinstance(part, DueItem):
        unit = part.unit
        placement = {
            "county_id": unit.parent_id if unit is not None else None,
            "township_id": unit.pk if unit is not None else None,
            "village_id": None,
        }
        return [(part, None, placement)]
    prefix = f"{part.trainee}__" if part.trainee else ""
    rows = part.rows.annotate(
        entry_county=F(f"{prefix}county"),
        entry_township=F(f"{prefix}township"),
        entry_village=F(f"{prefix}village"),
    )
    return (
        (
            part.item(row, []),
            row.pk,
            {
                "county_id": row.entry_county,
                "township_id": row.entry_township,
                "village_id": row.entry_village,
            },
        )
        for row in rows
    )


def _titles(item: DueItem) -> dict[str, str]:
    titles = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles[code] = str(item.title)[:300]
    return titles


def still_due(entries: list[DueEntry], today: dt.date) -> set[int]:
    """The ids of `entries` that their providers still yield: one statement (a union of each
    provider's rows among the entries, by id), plus the configuration rows the providers read.
    An entry yielded one by one (no row) is taken as it was."""
    by_provider: dict[str, set[int]] = {}
    for entry in entries:
        if entry.row_id is not None:
            by_provider.setdefault(entry.provider, set()).add(entry.row_id)
    ctx = HorizonContext(today=today, config=ReminderSettings.current())
    known = providers()
    pieces = []
    for name in sorted(by_provider):
        if name not in known:
            continue
        for part in known[name].parts(ctx):
            if isinstance(part, DueRows):
                pieces.append(
                    part.rows.filter(pk__in=by_provider[name])
                    .order_by()
                    .values_list(
                        Value(name, output_field=CharField()), "pk", part.due_on_expression()
                    )
                )
    alive = set(pieces[0].union(*pieces[1:], all=True)) if pieces else set()
    return {
        entry.pk
        for entry in entries
        if entry.row_id is None or (entry.provider, entry.row_id, entry.due_on) in alive
    }
