"""Due items of attendance for the reminder sweep (notifications/due.py).

The monthly sheet of a township falls due on day N of the next month (AttendanceRules.due_day):
its receiving-unit staff are reminded the configured days before; once the day has passed
without a submitted version the item is overdue and climbs the chain (receiving unit → county
→ city) like every overdue item. The subject is the township: a sheet that nobody started is
as due as a draft.

The subject of an item is the township; its row is the township's first trainee in training
(the lowest id), so that the dashboard keeps the rows in scope with `trainee_q` like every
other provider's, in the same statement (a township has no path to one trainee of its own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db.models import DateField, Exists, Min, OuterRef, Value
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, Role
from accounts.selectors import unit_staff_by_unit
from cadets.models import Trainee
from notifications.done import done_check
from notifications.due import DueItem, DueRows, LeadTime, SweepContext, notified, provider
from notifications.models import Level

from .models import AttendanceRules, AttendanceSheet, add_month, first_of_month

SHEET_DUE = LeadTime(
    "attendance.sheet_due", _("Monthly attendance sheet due (days ahead)"), default_days=5
)
# Months looked at: this month (due early next month, so reminded in its last days), last
# month, and the one before while it is still overdue.
MONTHS_BACK = 2


@provider(SHEET_DUE)
def sheet_due(ctx: SweepContext) -> Iterable[DueRows]:
    rules = ctx.once(AttendanceRules.current)
    lead = dt.timedelta(days=ctx.lead_days(SHEET_DUE))
    this_month = first_of_month(ctx.today)
    for back in range(MONTHS_BACK + 1):
        month = add_month(this_month, -back)
        due_on = rules.due_on(month)
        if not ctx.calendar and ctx.today < due_on - lead:
            continue
        overdue = ctx.today > due_on
        level = ctx.level_due(due_on + dt.timedelta(days=1)) if overdue else 0
        # The receiving unit's staff are the people the sheet is for, told at the first level
        # and not again (notifications.services): the unit's level writes nothing of its own.
        if level == Level.UNIT:
            level = Level.DIRECT
        yield DueRows(
            _unsubmitted(ctx, month),
            item=partial(_sheet_item, month=month, due_on=due_on, today=ctx.today),
            trainee="",
            due_on=Value(due_on, output_field=DateField()),
            overdue=overdue,
            recipients=_township_staff,
            # Every township's sheet at once, for weeks: a sweep reads only the townships not
            # yet told at the level reached today (docs/conventions.md, "Reminders").
            settled=notified(
                OrgUnit, SHEET_DUE.key, f"{month:%Y-%m}", level=level, subject="township"
            ),
        )


@done_check(SHEET_DUE.key)
def sheet_done(keys: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """A township's month (subject: the township, period "YYYY-MM") is done once a sheet of
    it is submitted."""
    months = {dt.date.fromisoformat(f"{period}-01") for _pk, period in keys}
    submitted = set(
        AttendanceSheet.objects.filter(
            township_id__in={pk for pk, _period in keys},
            month__in=months,
            status=AttendanceSheet.Status.SUBMITTED,
        ).values_list("township_id", "month")
    )
    return {key for key in keys if (key[0], dt.date.fromisoformat(f"{key[1]}-01")) in submitted}


def _unsubmitted(ctx: SweepContext, month: dt.date):
    """One trainee (the first) of each township with trainees in training in `month` and no
    submitted sheet for it."""
    trainees = Trainee.objects.filter(
        status=Trainee.Status.TRAINING, reported_on__lt=add_month(month)
    )
    user = ctx.recipient
    if user is not None:  # the calendar feed of one user: only their own township
        if user.role != Role.UNIT_STAFF or not user.org_unit_id:
            return Trainee.objects.none()
        trainees = trainees.filter(township_id=user.org_unit_id)
    first = (
        trainees.filter(
            ~Exists(
                AttendanceSheet.objects.filter(
                    township=OuterRef("township"),
                    month=month,
                    status=AttendanceSheet.Status.SUBMITTED,
                )
            )
        )
        .order_by()
        .values("township")
        .annotate(first=Min("pk"))
        .values("first")
    )
    # In training again (as every `first` is): the rows are read off the partial index of
    # trainees in training rather than by a scan of every trainee the province has had.
    return (
        Trainee.objects.filter(status=Trainee.Status.TRAINING, pk__in=first)
        .select_related("township")
        .order_by("pk")
    )


def _sheet_item(trainee: Trainee, recipients, *, month, due_on, today) -> DueItem:
    township = trainee.township
    return DueItem(
        kind=SHEET_DUE.key,
        subject=township,
        period=f"{month:%Y-%m}",
        due_on=due_on,
        title=format_lazy(
            _("Attendance sheet of {unit} for {month} due on {date}"),
            unit=township.name,
            month=f"{month:%Y-%m}",
            date=due_on.isoformat(),
        ),
        url=reverse("attendance:overview") + f"?month={month:%Y-%m}",
        recipients=recipients,
        overdue_since=due_on + dt.timedelta(days=1) if today > due_on else None,
        unit=township,
    )


def _township_staff(trainees: list[Trainee]) -> dict[int, list]:
    staff = unit_staff_by_unit({trainee.township_id for trainee in trainees})
    return {trainee.pk: list(staff.get(trainee.township_id, [])) for trainee in trainees}
