"""Checks shared by the apps' reminder tests (tests/<app>/test_reminders.py): the contract of
tests/notifications/test_provider_contract.py, and the escalation of an overdue item through
the real sweep, day by day."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models

from notifications.models import Level, Notification
from notifications.services import sweep_run

# Default thresholds of ReminderSettings: the receiving unit, the county, the city.
THRESHOLDS = {Level.UNIT: 3, Level.COUNTY: 7, Level.CITY: 14}
# The chain above the world's township A (tests/world.py).
CHAIN = ((Level.UNIT, "township"), (Level.COUNTY, "county"), (Level.CITY, "city"))


def told(kind: str, subject: models.Model, period: str | None = None) -> list[tuple[int, str]]:
    """(level, username) of every notification of one item, in the order they were made."""
    notifications = Notification.objects.filter(
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
    )
    if period is not None:
        notifications = notifications.filter(period=period)
    return list(
        notifications.order_by("created_at", "pk").values_list(
            "escalation_level", "recipient__username"
        )
    )


def assert_escalates(
    kind: str,
    subject: models.Model,
    *,
    overdue_since: dt.date,
    direct: list[str],
    chain: tuple[tuple[int, str], ...] = CHAIN,
    period: str | None = None,
    first_day: dt.date | None = None,
) -> None:
    """Sweep every day from `first_day` (default: the day it became overdue) until a day after
    the last threshold, twice on the days a level is due: the people it is for are told first,
    then the receiving unit, the county and the city, each once, in order, on the day its
    threshold is reached — and never again. A person already told at a lower level is left
    out of `chain` (they are not told twice)."""
    first_day = first_day or overdue_since
    last_day = overdue_since + dt.timedelta(days=max(THRESHOLDS.values()) + 1)
    new_on: dict[int, list[tuple[int, str]]] = {}
    seen: list[tuple[int, str]] = []
    day = first_day
    while day <= last_day:
        offset = (day - overdue_since).days
        sweep_run(today=day)
        if offset in (0, *THRESHOLDS.values()):
            assert sweep_run(today=day).created_count == 0, "a second sweep adds nothing"
        now = told(kind, subject, period)
        if len(now) > len(seen):
            new_on[offset] = now[len(seen) :]
        seen = now
        day += dt.timedelta(days=1)

    assert sorted(seen[: len(direct)]) == sorted((Level.DIRECT, name) for name in direct)
    assert seen[len(direct) :] == list(chain), "each level once, in order"
    days = {level: day for day, items in new_on.items() for level, _name in items}
    for level, _name in chain:
        assert days[level] == THRESHOLDS[level], f"level {level} told on day {days[level]}"
