"""Due items of the careers app for the reminder sweep (notifications/due.py).

- The yearly follow-up record (跟踪培养): for each of the configured years after the training
  period, a record of the year is due `CareersConfig.follow_up_due_days` after it ends. The
  county organisation department holding the trainee is told ahead; once overdue the item
  climbs the chain (receiving unit → county → city). A recorded year, or a closed follow-up
  (the trainee left), is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db.models import DateField, Exists, OuterRef, Value
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.selectors import staff_by_role_and_unit
from cadets.models import Trainee
from cadets.panels import panel_url
from notifications.done import done_check
from notifications.due import DueItem, DueRows, LeadTime, SweepContext, notified, provider

from .models import CareersConfig, FollowUp, FollowUpClosure

FOLLOW_UP_DUE = LeadTime(
    "careers.follow_up_due", _("Yearly follow-up record due (days ahead)"), default_days=30
)
# How long after its due date a missing year is still asked for (then the next year's is).
OVERDUE_DAYS_KEPT = 365
CLOSED_STATUSES = [Trainee.Status.RESIGNED, Trainee.Status.CANCELLED]


@provider(FOLLOW_UP_DUE)
def follow_up_due(ctx: SweepContext) -> Iterable[DueRows]:
    config = ctx.once(CareersConfig.current)
    start, end = ctx.window(FOLLOW_UP_DUE)
    for year in (ctx.today.year - 1, ctx.today.year):
        due = config.follow_up_due_on(year)
        overdue = due < ctx.today
        if overdue and not ctx.calendar and (ctx.today - due).days > OVERDUE_DAYS_KEPT:
            continue
        if not overdue and not (start <= due <= end):
            continue
        yield DueRows(
            followed_in(year, config).select_related("county", "township").order_by("pk"),
            item=partial(_item, year=year, due=due, overdue=overdue),
            trainee="",
            due_on=Value(due, output_field=DateField()),
            overdue=overdue,
            recipients=_county_staff,
            # A year's missing records stay overdue for a year: a sweep reads only the trainees
            # not yet told at the level reached today (docs/conventions.md, "Reminders").
            settled=notified(
                Trainee,
                FOLLOW_UP_DUE.key,
                str(year),
                level=ctx.level_due(due) if overdue else 0,
            ),
        )


@done_check(FOLLOW_UP_DUE.key)
def follow_up_done(keys: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """A trainee's year is done once its follow-up record exists (period: the year)."""
    recorded = set(
        FollowUp.objects.filter(trainee_id__in={pk for pk, _period in keys})
        .filter(year__in={int(period) for _pk, period in keys})
        .values_list("trainee_id", "year")
    )
    return {key for key in keys if (key[0], int(key[1])) in recorded}


def followed_in(year: int, config: CareersConfig):
    """Trainees whose record of `year` is wanted and missing: the year is one of the N after
    the one their training ends in, and their follow-up is not closed."""
    return (
        Trainee.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(
            training_ends_on__year__gte=year - config.follow_up_years,
            training_ends_on__year__lte=year - 1,
        )
        .exclude(Exists(FollowUp.objects.filter(trainee=OuterRef("pk"), year=year)))
        .exclude(Exists(FollowUpClosure.objects.filter(trainee=OuterRef("pk"))))
    )


def _item(trainee: Trainee, recipients, *, year: int, due, overdue: bool) -> DueItem:
    return DueItem(
        kind=FOLLOW_UP_DUE.key,
        subject=trainee,
        period=str(year),
        due_on=due,
        title=format_lazy(
            _("Follow-up record {year} of {name} is due on {date}"),
            year=year,
            name=trainee.name,
            date=due.isoformat(),
        ),
        url=f"{reverse('careers:follow_up_create', args=[trainee.pk])}?year={year}",
        # The form is the organisation department's; the township's staff see the item on their
        # dashboard and get the trainee's page.
        escalation_url=panel_url(trainee.pk, "follow_up"),
        recipients=recipients,
        overdue_since=due if overdue else None,
        unit=trainee.township,
    )


def _county_staff(trainees: list[Trainee]) -> dict[int, list]:
    staff = staff_by_role_and_unit({t.county_id for t in trainees}, [Role.COUNTY_STAFF])
    return {t.pk: list(staff.get((Role.COUNTY_STAFF, t.county_id), [])) for t in trainees}
