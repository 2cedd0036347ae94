"""Due items of education for the reminder sweep (notifications/due.py).

A trainee in training whose credited hours of the year are fewer than the hours required
(TrainingRules.required_hours) is reminded — with the receiving unit — the configured days
before the year ends; the item goes once the hours are reached. Hours still short at the year's
end are not escalated: the year is over, and the next year's reminder starts afresh."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db.models import DateField, Value
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.selectors import unit_staff_by_unit
from cadets.models import Trainee
from cadets.panels import panel_url
from notifications.due import DueItem, DueRows, LeadTime, SweepContext, notified, provider

from .selectors import short_of_hours, year_hours

HOURS_SHORT = LeadTime(
    "education.hours_short",
    _("Training hours short of the yearly requirement (days before the year ends)"),
    default_days=90,
)


@provider(HOURS_SHORT)
def hours_short(ctx: SweepContext) -> Iterable[DueRows]:
    year_end = dt.date(ctx.today.year, 12, 31)
    start, end = ctx.window(HOURS_SHORT)
    if not start <= year_end <= end:
        return
    trainees = Trainee.objects.filter(status=Trainee.Status.TRAINING)
    user = ctx.recipient
    if user is not None:  # the calendar feed of one user
        if user.role == Role.UNIT_STAFF and user.org_unit_id:
            trainees = trainees.filter(township_id=user.org_unit_id)
        else:
            trainees = trainees.filter(user=user)
    yield DueRows(
        short_of_hours(trainees, year_end.year)
        .annotate(year_hours=year_hours(year_end.year))
        .select_related("township", "user")
        .order_by("pk"),
        item=partial(_short_item, year_end=year_end),
        trainee="",
        due_on=Value(year_end, output_field=DateField()),
        recipients=_unit_staff_and_trainee,
        # Thousands of trainees short of hours, every sweep for three months: a sweep reads
        # only those not yet told this year (docs/conventions.md, "Reminders").
        settled=notified(Trainee, HOURS_SHORT.key, str(year_end.year)),
    )


def _short_item(trainee: Trainee, recipients, *, year_end: dt.date) -> DueItem:
    return DueItem(
        kind=HOURS_SHORT.key,
        subject=trainee,
        period=str(year_end.year),
        due_on=year_end,
        title=format_lazy(
            _("{name} has {hours} of the {required} training hours needed this year"),
            name=trainee.name,
            hours=getattr(trainee, "year_hours", 0),
            required=getattr(trainee, "required", ""),
        ),
        url=panel_url(trainee.pk, "training"),
        recipients=recipients,
        unit=trainee.township,
    )


def _unit_staff_and_trainee(trainees: list[Trainee]) -> dict[int, list]:
    staff = unit_staff_by_unit({trainee.township_id for trainee in trainees})
    recipients = {}
    for trainee in trainees:
        recipients[trainee.pk] = list(staff.get(trainee.township_id, []))
        if trainee.user is not None and trainee.user.is_active:
            recipients[trainee.pk].append(trainee.user)
    return recipients
