"""The interface between the reminder sweep and the apps that know what is due.

An app contributes due items in its own `reminders.py` (discovered at start-up by
`NotificationsConfig.ready`), so adding a reminder never touches the sweep:

    from notifications.due import DueItem, LeadTime, SweepContext, provider

    PROBATION = LeadTime("cadets.probation_ending", _("Probation ends"), default_days=30)

    @provider(PROBATION)
    def probation_ending(ctx: SweepContext) -> Iterable[DueItem]:
        start, end = ctx.window(PROBATION)
        for trainee in Trainee.objects.filter(probation_ends_on__range=(start, end), ...):
            yield DueItem(kind=PROBATION.key, subject=trainee, period=..., ...)

See docs/conventions.md, "Reminders".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from accounts.models import OrgUnit, User

    from .models import ReminderSettings

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

    def lead_days(self, lead: LeadTime) -> int:
        return self.config.lead_days_for(lead)

    def window(self, lead: LeadTime) -> tuple[dt.date, dt.date]:
        if self.calendar:
            return self.today - CALENDAR_PAST, self.today + CALENDAR_AHEAD
        return self.today, self.today + dt.timedelta(days=self.lead_days(lead))


Provider = Callable[[SweepContext], Iterable[DueItem]]

_providers: dict[str, Provider] = {}
_lead_times: dict[str, LeadTime] = {}


def provider(*lead_times: LeadTime) -> Callable[[Provider], Provider]:
    """Register a due-item provider and the lead times it reads (for the settings page)."""

    def register(func: Provider) -> Provider:
        _providers[f"{func.__module__}.{func.__qualname__}"] = func
        for lead in lead_times:
            _lead_times[lead.key] = lead
        return func

    return register


def providers() -> dict[str, Provider]:
    return dict(_providers)


def lead_times() -> list[LeadTime]:
    return sorted(_lead_times.values(), key=lambda lead: lead.key)


def unregister(name: str) -> None:
    """For tests that register a provider of their own."""
    _providers.pop(name, None)
