"""Due items of the mentors app for the reminder sweep (notifications/due.py): the monthly
mentoring record (帮带记录).

- Due: from the 1st of the month until the configured due day (MentoringConfig.feedback_due_day),
  each current pairing without a submitted record of this month; told: the mentor.
- Overdue: after the due day, until the record is submitted; told: the mentor, then — after the
  escalation thresholds — the receiving unit, the county and the city. A month stays overdue
  while its record may still be filed (up to the lock day of the next month) and, after that,
  until every level of the chain has been told.

The period is the month (`"2026-11"`), so each month is a new reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db.models import Exists, OuterRef, Q, Value
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cadets.models import Trainee
from cadets.panels import panel_url
from notifications.done import done_check
from notifications.due import (
    CALENDAR_AHEAD,
    CALENDAR_PAST,
    DueItem,
    DueRows,
    SweepContext,
    notified,
    provider,
)

from .models import MentoringConfig, Mentorship, MonthlyFeedback, month_start, next_month

DUE_KIND = "mentors.feedback_due"
OVERDUE_KIND = "mentors.feedback_overdue"


@provider()
def feedback_due(ctx: SweepContext) -> Iterable[DueRows]:
    config = ctx.once(MentoringConfig.current)
    month = month_start(ctx.today)
    if ctx.calendar:  # this month and the months ahead, each on its due day
        last = month_start(ctx.today + CALENDAR_AHEAD)
        months = list(_months(month, last))
    else:
        months = [month] if ctx.today <= config.due_date(month) else []
    for month in months:
        # Pairings running today that still run in `month` (the feed looks a year ahead).
        pairings = _open_pairings(ctx, month).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=max(month, ctx.today)),
            starts_on__lte=ctx.today,
        )
        yield DueRows(
            pairings,
            item=partial(_due_item, month=month, due_on=config.due_date(month)),
            trainee="trainee",
            due_on=Value(config.due_date(month)),
            recipients=_the_mentor,
            settled=notified(Mentorship, DUE_KIND, f"{month:%Y-%m}"),
        )


def _due_item(pairing: Mentorship, recipients, *, month: dt.date, due_on: dt.date) -> DueItem:
    return DueItem(
        kind=DUE_KIND,
        subject=pairing,
        period=f"{month:%Y-%m}",
        due_on=due_on,
        title=format_lazy(
            _("Monthly mentoring record of {name} for {month} is due by {date}"),
            name=pairing.trainee.name,
            month=f"{month:%Y-%m}",
            date=due_on.isoformat(),
        ),
        url=reverse("mentors:feedback_edit", args=[pairing.pk, month.year, month.month]),
        escalation_url=panel_url(pairing.trainee_id, "feedback"),
        recipients=recipients,
    )


@provider()
def feedback_overdue(ctx: SweepContext) -> Iterable[DueRows]:
    config = ctx.once(MentoringConfig.current)
    # The latest day a month may have become overdue on and still be reminded of: while it
    # may be filed, or until the city (the last level) has been told.
    horizon = max(
        ctx.config.escalate_city_after_days,
        ctx.config.escalate_unit_after_days,
        ctx.config.escalate_county_after_days,
    )
    # Last month may still be filed until its lock day; older months only until the horizon.
    oldest = ctx.today - max(dt.timedelta(days=horizon + 1), CALENDAR_PAST)
    for month in _months(month_start(oldest), month_start(ctx.today)):
        due_on = config.due_date(month)
        overdue_since = due_on + dt.timedelta(days=1)
        if overdue_since > ctx.today:
            continue
        locked = config.is_locked(month, ctx.today)
        if locked and (ctx.today - overdue_since).days > horizon and not ctx.calendar:
            continue
        # Pairings that ran on the due day of `month`.
        pairings = _open_pairings(ctx, month).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=due_on), starts_on__lte=due_on
        )
        yield DueRows(
            pairings,
            item=partial(_overdue_item, month=month, due_on=due_on),
            trainee="trainee",
            due_on=Value(due_on),
            overdue=True,
            recipients=_the_mentor,
            settled=notified(
                Mentorship, OVERDUE_KIND, f"{month:%Y-%m}", level=ctx.level_due(overdue_since)
            ),
        )


def _overdue_item(pairing: Mentorship, recipients, *, month: dt.date, due_on: dt.date) -> DueItem:
    return DueItem(
        kind=OVERDUE_KIND,
        subject=pairing,
        period=f"{month:%Y-%m}",
        due_on=due_on,
        # The trainee first, then the mentor who is late: a trainee with two mentors gives the
        # chain two items that differ by the mentor, and lists sorted by title group them.
        title=format_lazy(
            _(
                "{name}: mentor {mentor}'s monthly mentoring record for {month} is overdue (due "
                "{date})"
            ),
            name=pairing.trainee.name,
            mentor=pairing.mentor.name,
            month=f"{month:%Y-%m}",
            date=due_on.isoformat(),
        ),  # fmt: skip
        # The mentor opens the month's record form; the staff the item climbs to, who cannot
        # write it, the trainee's page.
        url=reverse("mentors:feedback_edit", args=[pairing.pk, month.year, month.month]),
        escalation_url=panel_url(pairing.trainee_id, "feedback"),
        recipients=recipients,
        overdue_since=due_on + dt.timedelta(days=1),
        unit=pairing.trainee.township,
    )


@done_check(DUE_KIND, OVERDUE_KIND)
def feedback_done(keys: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """The (pairing, "YYYY-MM") pairs whose month's record has been submitted."""
    months = {dt.date(int(period[:4]), int(period[5:7]), 1) for _pk, period in keys}
    submitted = MonthlyFeedback.objects.filter(
        mentorship_id__in={pk for pk, _period in keys},
        month__in=months,
        status=MonthlyFeedback.Status.SUBMITTED,
    ).values_list("mentorship_id", "month")
    return {(pk, f"{month:%Y-%m}") for pk, month in submitted} & keys


def _open_pairings(ctx: SweepContext, month: dt.date):
    """Pairings of trainees in training without a submitted record of `month`."""
    submitted = MonthlyFeedback.objects.filter(
        mentorship=OuterRef("pk"), month=month, status=MonthlyFeedback.Status.SUBMITTED
    )
    pairings = Mentorship.objects.filter(trainee__status=Trainee.Status.TRAINING).filter(
        ~Exists(submitted)
    )
    if ctx.recipient is not None:  # the calendar feed of one user: only their pairings
        pairings = pairings.filter(mentor__user=ctx.recipient)
    # Only the columns the items read: a province has thousands of open pairings, read by
    # every sweep, and the whole rows of trainee, township and user tripled the time.
    return (
        pairings.select_related("mentor__user", "trainee__township")
        .only(*PAIRING_COLUMNS)
        .order_by("pk")
    )


# What `_due_item`, `_overdue_item` and `_the_mentor` read, and the sweep of each item: the
# township's parent (the responsibility chain) and the mentor's account (told, in their
# language).
PAIRING_COLUMNS = (
    "trainee__name",
    "mentor__name",
    "trainee__township__parent",
    "mentor__user__is_active",
    "mentor__user__language",
)


def _the_mentor(pairings: list[Mentorship]) -> dict[int, list]:
    return {p.pk: [p.mentor.user] for p in pairings if p.mentor.user.is_active}


def _months(first: dt.date, last: dt.date):
    month = first
    while month <= last:
        yield month
        month = next_month(month)
