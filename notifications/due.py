"""The interface between the reminder sweep and the apps that know what is due.

An app contributes due items in its own `reminders.py` (discovered at start-up by
`NotificationsConfig.ready`), so adding a reminder never touches the sweep. A provider yields
its due items as a query (`DueRows`): the sweep and the calendar feed turn every row into a
`DueItem`, and the dashboard's refresh stores those due soon or overdue (office.due_list):

    from notifications.due import DueItem, DueRows, LeadTime, SweepContext, provider

    PROBATION = LeadTime("cadets.probation_ending", _("Probation ends"), default_days=30)

    @provider(PROBATION)
    def probation_ending(ctx: SweepContext) -> Iterable[DueRows]:
        yield DueRows(
            Trainee.objects.filter(probation_ends_on__range=ctx.window(PROBATION), ...),
            trainee="",                      # the lookup from a row to its trainee
            due_on="probation_ends_on",      # the due date, in the database
            item=lambda trainee, recipients: DueItem(kind=PROBATION.key, ...),
            recipients=...,                  # rows → {row.pk: [users]}, in bulk
        )

Calling a provider gives its DueItems (`probation_ending(ctx)`). A provider may also yield
DueItems one by one (a test's, say); the dashboard then keeps them by their unit.

See docs/conventions.md, "Reminders".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.db.models.lookups import LessThanOrEqual

if TYPE_CHECKING:
    from accounts.models import OrgUnit, User

    from .models import ReminderSettings

T = TypeVar("T")

# How far back and ahead the calendar feed looks: it asks the same providers with this window
# instead of the lead time, so every provider's items appear in the feed without more code.
CALENDAR_PAST = dt.timedelta(days=31)
CALENDAR_AHEAD = dt.timedelta(days=366)


@dataclass(frozen=True)
class LeadTime:
    """A lead time in days that city staff may change on the reminder settings page."""

    key: str
    label: str
    default_days: int


@dataclass(frozen=True)
class DueItem:
    """One thing that is due (or overdue), for the people it is for.

    The sweep writes one Notification per recipient, unique on
    (recipient, kind, subject, period): yielding the same item again writes nothing.
    """

    # What kind of reminder, namespaced by the app: "cadets.probation_ending".
    kind: str
    # The record that is due; stored as content type + id.
    subject: models.Model
    # Which occurrence: a new period is a new reminder ("2026-11" for a monthly duty, the due
    # date for a one-off). Keep it short (32 characters).
    period: str
    due_on: dt.date
    # A short line for people; use format_lazy/gettext_lazy so that each recipient reads it in
    # their own language.
    title: str
    # Where the thing is (a path such as reverse("cadets:trainee_detail", args=[pk])).
    url: str
    # The first level: the people the item is for (e.g. the mentor, the trainee).
    recipients: Sequence[User] = ()
    # When the item became overdue, or None while it is only due. The sweep escalates an
    # overdue item up the responsibility chain of `unit` after the configured thresholds.
    overdue_since: dt.date | None = None
    # The township the trainee is placed in: where the responsibility chain starts, and whose
    # staff (and the staff above) may see who was told. None: no escalation.
    unit: OrgUnit | None = None
    # Where everybody else is sent (the levels above, staff reading the dashboard's due list)
    # when `url` is a page only the people it is for may open (the mentor's record form, the
    # county's follow-up form); empty: `url` for everybody.
    escalation_url: str = ""

    @property
    def url_for_others(self) -> str:
        """The link for anyone in scope who is not among `recipients`."""
        return self.escalation_url or self.url


@dataclass
class SweepContext:
    """What a provider gets: today's date and the configured lead times.

    `window(lead)` is the range of due dates a provider should look for: (today, today + lead
    days) in the sweep; a wide range around today when the calendar feed asks. When
    `recipient` is set (the calendar feed of one user), a provider may narrow its query to that
    user's items; the feed filters by recipient in any case.
    """

    today: dt.date
    config: ReminderSettings
    recipient: User | None = None
    calendar: bool = False
    _read: dict = field(default_factory=dict, repr=False)

    def once(self, read: Callable[[], T]) -> T:
        """`read()` (a configuration row such as `MentoringConfig.current`) the first time a
        provider asks during this sweep, and the same object after: read once, not per
        provider."""
        if read not in self._read:
            self._read[read] = read()
        return self._read[read]

    def lead_days(self, lead: LeadTime) -> int:
        return self.config.lead_days_for(lead)

    def window(self, lead: LeadTime) -> tuple[dt.date, dt.date]:
        if self.calendar:
            return self.today - CALENDAR_PAST, self.today + CALENDAR_AHEAD
        return self.today, self.today + dt.timedelta(days=self.lead_days(lead))

    def level_due_of(self, due_on: str, days: int = 1) -> Expression:
        """`level_due` of each row whose item became overdue `days` after its date `due_on`
        (a lookup of the rows), in the database: the `level` of `notified` when the rows'
        items became overdue on different days. 0 for rows not overdue."""
        thresholds = self.config.escalation_thresholds()
        # The highest level first: the first that the row has reached.
        whens = [
            When(
                LessThanOrEqual(OuterRef(due_on), Value(self.today - dt.timedelta(after + days))),
                then=Value(n),
            )
            for n, after in reversed(list(enumerate(thresholds, start=1)))
        ]
        return Case(*whens, default=Value(0), output_field=IntegerField())

    def level_due(self, overdue_since: dt.date) -> int:
        """The highest level an item overdue since `overdue_since` has reached today: 0 (the
        people it is for) before the first escalation threshold, then 1, 2, 3 (the receiving
        unit, the county, the city: notifications.models.Level)."""
        days = (self.today - overdue_since).days
        thresholds = self.config.escalation_thresholds()  # unit, county, city
        return max((n for n, after in enumerate(thresholds, start=1) if days >= after), default=0)


@dataclass(frozen=True)
class DueRows:
    """Due items as one query, and how each row becomes a DueItem.

    The sweep and the calendar feed read every row (`items`); the dashboard's refresh stores
    the items with the placement of each row's trainee, and its page checks the items it shows
    against the rows by id — so the query is the one truth of what is due, and `item` asks no
    query of its own.
    """

    # The subjects that are due, "already done" excluded in the query, with select_related for
    # whatever `item` and `recipients` read.
    rows: models.QuerySet
    # A row and its first-level recipients → its DueItem (no query).
    item: Callable[[Any, Sequence[User]], DueItem]
    # The lookup from a row to its trainee ("" for a trainee, "assessment__trainee"): the
    # dashboard keeps the items in scope by that trainee's placement (accounts.scoping).
    trainee: str
    # The due date in the database: a field lookup or an expression (`days_after`), the same
    # as the items' `due_on` — the dashboard matches the items it shows to rows by it.
    due_on: str | Expression
    # Which rows are overdue — their item has `overdue_since`, a fixed number of days (0 or
    # more) after `due_on`: all (True), none (False) or those matching a Q.
    overdue: bool | Q = False
    # The rows (a list) → {row.pk: the people each item is for}, fetched in bulk. The sweep and
    # the calendar feed ask; the dashboard shows no recipients and does not. None: nobody.
    recipients: Callable[[list], Mapping[Any, Sequence[User]]] | None = None
    # The rows whose reminders of today an earlier sweep has written (`notified(...)`), or
    # None. The sweep reads only the others (`pending_ids`): in a province thousands of monthly
    # records are overdue at once, and a sweep that rebuilt every one of them, its recipients
    # and its chain, only to find each notification written already, spent most of its time
    # there (issue 9). The dashboard and the calendar, which show what is due whether or not
    # anyone was told, ignore it.
    settled: Expression | None = None

    def due_on_expression(self) -> Expression:
        return F(self.due_on) if isinstance(self.due_on, str) else self.due_on

    def items(self, rows: list | None = None) -> Iterator[DueItem]:
        """The items of the rows (`rows`: the rows already fetched, as the sweep fetches every
        provider's together)."""
        rows = list(self.rows) if rows is None else rows
        recipients = self.recipients(rows) if self.recipients is not None else {}
        for row in rows:
            yield self.item(row, recipients.get(row.pk, []))

    def pending_ids(self) -> models.QuerySet:
        """The ids of the rows a sweep must read — all but the settled ones — from a query
        with only the joins its filters need. The sweep reads the rows of these ids after, and
        only for providers that have any: on most days most have none, and the joins and
        columns their items need made planning their queries the sweep's largest cost."""
        rows = self.rows if self.settled is None else self.rows.filter(~self.settled)
        return rows.order_by().values("pk")

    def of_ids(self, ids: list) -> DueRows:
        """These rows, of `ids` only (`pending_ids`)."""
        rows = self.rows.filter(pk__in=ids) if ids else self.rows.none()
        return replace(self, rows=rows, settled=None)


def notified(
    model: type[models.Model],
    kind: str,
    period: str | Expression,
    *,
    level: int | Expression = 0,
    subject: str = "pk",
) -> Exists:
    """`DueRows.settled` of items of `kind` and `period` whose subjects (of `model`) are the
    rows — or, with `subject`, the rows' field of that name (a township's sheet, yielded as a
    row of one of its trainees) —: some notification of the item at `level` or above exists.
    Where rows differ in period or level, `period` and `level` are expressions over the row
    (`OuterRef`; `iso_date`, `SweepContext.level_due_of`). A
    sweep that reaches a level tells everybody of that level and the levels below at once, so
    the item is settled until it reaches the next level — people who join a level later are
    told of what falls due after, not of what was told before they came."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Notification

    return Exists(
        Notification.objects.filter(
            kind=kind,
            # The id, not a join to the content types: with the id in the statement the
            # planner counts the notifications of the item and anti-joins by hash, where the
            # join made it guess a handful and compare every row with every other.
            subject_type=ContentType.objects.get_for_model(model),
            subject_id=OuterRef(subject),
            period=period,
            escalation_level__gte=level,
        )
    )


def iso_date(lookup: str) -> Expression:
    """The row's date `lookup` as the text of `date.isoformat()`: the `period` of items whose
    period is a date of their row, for `notified`."""
    return Cast(OuterRef(lookup), CharField())


def days_after(date: str | Expression, days: int) -> Expression:
    """`date` + `days` as a date in the database: the `due_on` of an item due some days after
    a recorded date (a submission, the end of leave)."""
    date = F(date) if isinstance(date, str) else date
    return Cast(date + Value(dt.timedelta(days=days)), DateField())


class Provider:
    """A registered provider. Calling it gives its DueItems (every row of its DueRows);
    `parts(ctx)` gives what it yielded — DueRows, or DueItems one by one."""

    def __init__(self, func: Callable[[SweepContext], Iterable[DueRows | DueItem]]) -> None:
        self.func = func
        self.name = f"{func.__module__}.{func.__qualname__}"
        self.__doc__ = func.__doc__

    def parts(self, ctx: SweepContext) -> Iterable[DueRows | DueItem]:
        return self.func(ctx) or ()

    def __call__(self, ctx: SweepContext) -> Iterator[DueItem]:
        for part in self.parts(ctx):
            if isinstance(part, DueRows):
                yield from part.items()
            else:
                yield part

    def __repr__(self) -> str:
        return f"<Provider {self.name}>"


_providers: dict[str, Provider] = {}
_lead_times: dict[str, LeadTime] = {}


def provider(*lead_times: LeadTime) -> Callable[[Callable], Provider]:
    """Register a due-item provider and the lead times it reads (for the settings page)."""

    def register(func: Callable[[SweepContext], Iterable[DueRows | DueItem]]) -> Provider:
        registered = Provider(func)
        _providers[registered.name] = registered
        for lead in lead_times:
            _lead_times[lead.key] = lead
        return registered

    return register


def providers() -> dict[str, Provider]:
    return dict(_providers)


def lead_times() -> list[LeadTime]:
    return sorted(_lead_times.values(), key=lambda lead: lead.key)


def unregister(name: str) -> None:
    """For tests that register a provider of their own."""
    _providers.pop(name, None)
