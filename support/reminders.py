"""Due items of care and support for the reminder sweep (notifications/due.py).

- A difficulty coming due and not resolved: its owner (the township's staff while it has
  none); once overdue it climbs the chain (receiving unit → county → city) until resolved.
- The yearly field research report (国情调研) of each trainee in training, due on the date of
  the support rules: the trainee; once overdue, the chain above their township."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db.models import DateField, Exists, OuterRef, Q, Value
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.selectors import unit_staff_by_unit
from cadets.models import Trainee, WorkReport
from cadets.panels import panel_url
from notifications.done import done_check
from notifications.due import (
    DueItem,
    DueRows,
    LeadTime,
    SweepContext,
    iso_date,
    notified,
    provider,
)

from .models import Difficulty, SupportSettings

DIFFICULTY_DUE = LeadTime(
    "support.difficulty_due", _("Difficulty to be resolved (days ahead)"), default_days=3
)
# Two weeks: the report is a year's work, the reminder only a nudge before the date.
RESEARCH_DUE = LeadTime(
    "support.research_due", _("Field research report due (days ahead)"), default_days=14
)


@provider(DIFFICULTY_DUE)
def difficulty_due(ctx: SweepContext) -> Iterable[DueRows]:
    start, end = ctx.window(DIFFICULTY_DUE)
    rows = Difficulty.objects.filter(status=Difficulty.Status.OPEN, due_on__lte=end)
    if ctx.calendar:
        rows = rows.filter(due_on__gte=start)
    if ctx.recipient is not None:
        rows = rows.filter(Q(owner=ctx.recipient) | Q(trainee__township=ctx.recipient.org_unit))
    yield DueRows(
        rows.select_related("trainee__township", "owner").order_by("pk"),
        item=partial(_difficulty_item, today=ctx.today),
        trainee="trainee",
        due_on="due_on",
        overdue=Q(due_on__lt=ctx.today),
        recipients=_owner_or_unit_staff,
        # Open difficulties stay due or overdue for weeks: a sweep reads only those not yet
        # told at the level each has reached today.
        settled=notified(
            Difficulty,
            DIFFICULTY_DUE.key,
            iso_date("due_on"),
            level=ctx.level_due_of("due_on"),
        ),
    )


@done_check(DIFFICULTY_DUE.key)
def difficulty_done(keys: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """A difficulty is done once resolved."""
    resolved = set(
        Difficulty.objects.filter(
            pk__in={pk for pk, _period in keys}, status=Difficulty.Status.RESOLVED
        ).values_list("pk", flat=True)
    )
    return {key for key in keys if key[0] in resolved}


def _difficulty_item(difficulty: Difficulty, recipients, *, today: dt.date) -> DueItem:
    trainee = difficulty.trainee
    overdue = difficulty.due_on < today
    title = (
        _("Difficulty of {name} ({category}) was due on {date} and is still open")
        if overdue
        else _("Difficulty of {name} ({category}) is due to be resolved by {date}")
    )
    return DueItem(
        kind=DIFFICULTY_DUE.key,
        subject=difficulty,
        period=difficulty.due_on.isoformat(),
        due_on=difficulty.due_on,
        title=format_lazy(
            title,
            name=trainee.name,
            category=difficulty.get_category_display(),
            date=difficulty.due_on.isoformat(),
        ),
        url=reverse("support:difficulty_detail", args=[difficulty.pk]),
        recipients=recipients,
        overdue_since=difficulty.due_on + dt.timedelta(days=1) if overdue else None,
        unit=trainee.township,
    )


def _owner_or_unit_staff(difficulties: list[Difficulty]) -> dict[int, list]:
    unowned = {d.trainee.township_id for d in difficulties if d.owner_id is None}
    staff = unit_staff_by_unit(unowned) if unowned else {}
    return {
        d.pk: [d.owner]
        if d.owner is not None and d.owner.is_active
        else list(staff.get(d.trainee.township_id, []))
        for d in difficulties
    }


@provider(RESEARCH_DUE)
def research_report_due(ctx: SweepContext) -> Iterable[DueRows]:
    """This year's 国情调研 report: from the lead time before the due date until filed."""
    rules = ctx.once(SupportSettings.current)
    due = rules.research_due_on(ctx.today.year)
    lead = dt.timedelta(days=ctx.lead_days(RESEARCH_DUE))
    if not ctx.calendar and ctx.today < due - lead:
        return
    year_start = dt.date(due.year, 1, 1)
    filed = WorkReport.objects.filter(
        trainee=OuterRef("pk"), kind=WorkReport.Kind.RESEARCH, period=year_start
    )
    trainees = Trainee.objects.filter(
        status=Trainee.Status.TRAINING, reported_on__lte=due - lead
    ).filter(~Exists(filed))
    if ctx.recipient is not None:
        trainees = trainees.filter(user=ctx.recipient)
    overdue = ctx.today > due
    level = ctx.level_due(due + dt.timedelta(days=1)) if overdue else 0
    yield DueRows(
        trainees.select_related("township", "user").order_by("pk"),
        item=partial(_research_item, due=due, today=ctx.today),
        trainee="",
        due_on=Value(due, output_field=DateField()),
        overdue=overdue,
        recipients=_the_trainee,
        # Every trainee at once, for weeks: a sweep reads only those not yet told at the level
        # reached today (docs/conventions.md, "Reminders").
        settled=notified(Trainee, RESEARCH_DUE.key, str(due.year), level=level),
    )


def _research_item(trainee: Trainee, recipients, *, due: dt.date, today: dt.date) -> DueItem:
    return DueItem(
        kind=RESEARCH_DUE.key,
        subject=trainee,
        period=str(due.year),
        due_on=due,
        title=format_lazy(
            _("Field research report (国情调研) of {name} for {year} is due on {date}"),
            name=trainee.name,
            year=due.year,
            date=due.isoformat(),
        ),
        # The trainee's page for everyone, at its reports panel (which has the trainee's
        # "submit" button): the form itself is the trainee's own, and staff see this item on
        # their dashboard too.
        url=panel_url(trainee.pk, "reports"),
        recipients=recipients,
        overdue_since=due + dt.timedelta(days=1) if today > due else None,
        unit=trainee.township,
    )


def _the_trainee(trainees: list[Trainee]) -> dict[int, list]:
    return {t.pk: [t.user] for t in trainees if t.user is not None and t.user.is_active}
