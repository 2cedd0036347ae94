"""Due items of attendance for the reminder sweep (notifications/due.py).

The monthly sheet of a township falls due on day N of the next month (AttendanceRules.due_day):
its receiving-unit staff are reminded the configured days before; once the day has passed
without a submitted version the item is overdue and climbs the chain (receiving unit → county
→ city) like every overdue item. The subject is the township: a sheet that nobody started is
as due as a draft.

The items are yielded one by one (not as DueRows): their subject is a township, which has no
path to one trainee for the dashboard's scoping, so the dashboard keeps them by their unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, Role
from accounts.selectors import unit_staff_by_unit
from cadets.models import Trainee
from notifications.due import DueItem, LeadTime, SweepContext, provider

from .models import AttendanceRules, AttendanceSheet, add_month, first_of_month

SHEET_DUE = LeadTime(
    "attendance.sheet_due", _("Monthly attendance sheet due (days ahead)"), default_days=5
)
# Months looked at: this month (due early next month, so reminded in its last days), last
# month, and the one before while it is still overdue.
MONTHS_BACK = 2


@provider(SHEET_DUE)
def sheet_due(ctx: SweepContext) -> Iterable[DueItem]:
    rules = ctx.once(AttendanceRules.current)
    lead = dt.timedelta(days=ctx.lead_days(SHEET_DUE))
    this_month = first_of_month(ctx.today)
    for back in range(MONTHS_BACK + 1):
        month = add_month(this_month, -back)
        due_on = rules.due_on(month)
        if not ctx.calendar and ctx.today < due_on - lead:
            continue
        yield from _month_items(ctx, month, due_on)


def _month_items(ctx: SweepContext, month: dt.date, due_on: dt.date) -> Iterable[DueItem]:
    townships = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).filter(
        Exists(
            Trainee.objects.filter(
                township=OuterRef("pk"),
                status=Trainee.Status.TRAINING,
                reported_on__lt=add_month(month),
            )
        ),
        ~Exists(
            AttendanceSheet.objects.filter(
                township=OuterRef("pk"), month=month, status=AttendanceSheet.Status.SUBMITTED
            )
        ),
    )
    user = ctx.recipient
    if user is not None:  # the calendar feed of one user: only their own township
        if user.role != Role.UNIT_STAFF or not user.org_unit_id:
            return
        townships = townships.filter(pk=user.org_unit_id)
    townships = list(townships.order_by("pk"))
    if not townships:
        return
    staff = unit_staff_by_unit({t.pk for t in townships})
    overdue_since = due_on + dt.timedelta(days=1) if ctx.today > due_on else None
    url = reverse("attendance:overview") + f"?month={month:%Y-%m}"
    for township in townships:
        yield DueItem(
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
            url=url,
            recipients=staff.get(township.pk, []),
            overdue_since=overdue_since,
            unit=township,
        )
