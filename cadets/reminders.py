"""Due items of the cadets app for the reminder sweep (notifications/due.py): probation and
the training period coming to an end. Told: the trainee and their receiving unit's staff."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.selectors import unit_staff_by_unit
from notifications.due import DueItem, LeadTime, SweepContext, provider

from .models import Trainee

PROBATION_ENDING = LeadTime(
    "cadets.probation_ending", _("Probation ends (days ahead)"), default_days=30
)
TRAINING_ENDING = LeadTime(
    "cadets.training_ending", _("Training period ends (days ahead)"), default_days=60
)


@provider(PROBATION_ENDING)
def probation_ending(ctx: SweepContext) -> Iterable[DueItem]:
    trainees = _in_training(ctx).filter(probation_ends_on__range=ctx.window(PROBATION_ENDING))
    for trainee, recipients in _with_recipients(trainees):
        yield DueItem(
            kind=PROBATION_ENDING.key,
            subject=trainee,
            period=trainee.probation_ends_on.isoformat(),
            due_on=trainee.probation_ends_on,
            title=format_lazy(
                _("Probation of {name} ends on {date}: prepare the confirmation review"),
                name=trainee.name,
                date=trainee.probation_ends_on.isoformat(),
            ),
            url=reverse("cadets:trainee_detail", args=[trainee.pk]),
            recipients=recipients,
            unit=trainee.township,
        )


@provider(TRAINING_ENDING)
def training_ending(ctx: SweepContext) -> Iterable[DueItem]:
    trainees = _in_training(ctx).filter(training_ends_on__range=ctx.window(TRAINING_ENDING))
    for trainee, recipients in _with_recipients(trainees):
        yield DueItem(
            kind=TRAINING_ENDING.key,
            subject=trainee,
            period=trainee.training_ends_on.isoformat(),
            due_on=trainee.training_ends_on,
            title=format_lazy(
                _("Grassroots training of {name} ends on {date}: prepare the final assessment"),
                name=trainee.name,
                date=trainee.training_ends_on.isoformat(),
            ),
            url=reverse("cadets:trainee_detail", args=[trainee.pk]),
            recipients=recipients,
            unit=trainee.township,
        )


def _in_training(ctx: SweepContext):
    trainees = Trainee.objects.filter(status=Trainee.Status.TRAINING)
    user = ctx.recipient
    if user is not None:  # the calendar feed of one user: only what concerns them
        if user.role == Role.UNIT_STAFF and user.org_unit_id:
            trainees = trainees.filter(township_id=user.org_unit_id)
        else:
            trainees = trainees.filter(user=user)
    return trainees.select_related("township", "user").order_by("pk")


def _with_recipients(trainees):
    trainees = list(trainees)
    staff = unit_staff_by_unit({trainee.township_id for trainee in trainees})
    for trainee in trainees:
        recipients = list(staff.get(trainee.township_id, []))
        if trainee.user is not None and trainee.user.is_active:
            recipients.append(trainee.user)
        yield trainee, recipients
