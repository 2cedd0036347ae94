"""Due items of the rotations app for the reminder sweep (notifications/due.py).

- A rotation ends in 14, 7 and 1 days (three lead times, one per step) and the trainee has no
  next rotation yet: the receiving unit must arrange the next post. A rotation that ends with
  the training period needs no next one. Each step is its own period (`"2026-12-31:7"`), so a
  rotation is reminded once per step; a step's window stops where the next step's starts, so a
  rotation assigned 5 days before its end gets the 7-day reminder only.
- A rotation starts tomorrow: the receiving unit and the trainee.

Told: the staff of the trainee's township (and of the post's township, if it is another)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.selectors import unit_staff_by_unit
from cadets.models import Trainee
from notifications.done import done_check
from notifications.due import DueItem, DueRows, LeadTime, SweepContext, provider

from .models import Rotation

ENDING_KIND = "rotations.ending"
ENDING_14 = LeadTime(
    "rotations.ending_14", _("Rotation ends without a next post: first reminder (days ahead)"), 14
)
ENDING_7 = LeadTime(
    "rotations.ending_7", _("Rotation ends without a next post: second reminder (days ahead)"), 7
)
ENDING_1 = LeadTime(
    "rotations.ending_1", _("Rotation ends without a next post: last reminder (days ahead)"), 1
)
# The steps, first to last, with the suffix that names each in the period.
ENDING_STEPS = ((ENDING_14, "14"), (ENDING_7, "7"), (ENDING_1, "1"))
STARTING = LeadTime("rotations.starting", _("Rotation starts (days ahead)"), default_days=1)


@provider(ENDING_14)
def rotation_ending_14(ctx: SweepContext) -> Iterable[DueRows]:
    return _ending(ctx, ENDING_14)


@provider(ENDING_7)
def rotation_ending_7(ctx: SweepContext) -> Iterable[DueRows]:
    return _ending(ctx, ENDING_7)


@provider(ENDING_1)
def rotation_ending_1(ctx: SweepContext) -> Iterable[DueRows]:
    return _ending(ctx, ENDING_1)


def _ending(ctx: SweepContext, lead: LeadTime) -> Iterable[DueRows]:
    window = _step_window(ctx, lead)
    if window is None:
        return
    later = Rotation.objects.filter(trainee=OuterRef("trainee"), starts_on__gt=OuterRef("ends_on"))
    rotations = _for_recipient(
        ctx,
        Rotation.objects.filter(
            ends_on__range=window,
            # The training period ends with this rotation: no next post is needed.
            ends_on__lt=F("trainee__training_ends_on"),
        ).filter(~Exists(later)),
        tell_trainee=False,
    )
    yield DueRows(
        rotations,
        item=partial(_ending_item, suffix=dict(ENDING_STEPS)[lead]),
        trainee="trainee",
        due_on="ends_on",
        recipients=partial(_recipients, tell_trainee=False),
    )


def _ending_item(rotation: Rotation, recipients, *, suffix: str) -> DueItem:
    return DueItem(
        kind=ENDING_KIND,
        subject=rotation,
        period=f"{rotation.ends_on.isoformat()}:{suffix}",
        due_on=rotation.ends_on,
        title=format_lazy(
            _("Rotation of {name} in {post} ends on {date} and no next post is assigned"),
            name=rotation.trainee.name,
            post=rotation.post.name,
            date=rotation.ends_on.isoformat(),
        ),
        url=reverse("rotations:trainee_rotations", args=[rotation.trainee_id]),
        recipients=recipients,
        unit=rotation.trainee.township,
    )


@done_check(ENDING_KIND)
def ending_done(keys: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Rotations whose trainee has a next rotation now, or that were cancelled."""
    ids = {pk for pk, _period in keys}
    later = Rotation.objects.filter(trainee=OuterRef("trainee"), starts_on__gt=OuterRef("ends_on"))
    open_ids = set(
        Rotation.objects.filter(pk__in=ids).filter(~Exists(later)).values_list("pk", flat=True)
    )
    return {key for key in keys if key[0] not in open_ids}


def _step_window(ctx: SweepContext, lead: LeadTime) -> tuple[dt.date, dt.date] | None:
    """(today + the next step's days + 1, today + this step's days); None when empty. The
    calendar asks the first step only, so that a rotation's end is in the feed once."""
    if ctx.calendar:
        return ctx.window(lead) if lead == ENDING_STEPS[0][0] else None
    days = ctx.lead_days(lead)
    shorter = [ctx.lead_days(other) for other, _ in ENDING_STEPS if other != lead]
    shorter = [d for d in shorter if d < days]
    start = ctx.today + dt.timedelta(days=max(shorter) + 1) if shorter else ctx.today
    end = ctx.today + dt.timedelta(days=days)
    return (start, end) if start <= end else None


@provider(STARTING)
def rotation_starting(ctx: SweepContext) -> Iterable[DueRows]:
    yield DueRows(
        _for_recipient(
            ctx, Rotation.objects.filter(starts_on__range=ctx.window(STARTING)), tell_trainee=True
        ),
        item=_starting_item,
        trainee="trainee",
        due_on="starts_on",
        recipients=partial(_recipients, tell_trainee=True),
    )


def _starting_item(rotation: Rotation, recipients) -> DueItem:
    return DueItem(
        kind=STARTING.key,
        subject=rotation,
        period=rotation.starts_on.isoformat(),
        due_on=rotation.starts_on,
        title=format_lazy(
            _("{name} starts in {post} on {date}"),
            name=rotation.trainee.name,
            post=rotation.post.name,
            date=rotation.starts_on.isoformat(),
        ),
        url=reverse("rotations:trainee_rotations", args=[rotation.trainee_id]),
        recipients=recipients,
        unit=rotation.trainee.township,
    )


def _for_recipient(ctx: SweepContext, rotations, *, tell_trainee: bool):
    rotations = rotations.filter(trainee__status=Trainee.Status.TRAINING)
    user = ctx.recipient
    if user is not None:  # the calendar feed of one user: only what concerns them
        if user.role == Role.UNIT_STAFF and user.org_unit_id:
            rotations = rotations.filter(
                Q(trainee__township_id=user.org_unit_id) | Q(post__township_id=user.org_unit_id)
            )
        elif tell_trainee:
            rotations = rotations.filter(trainee__user=user)
        else:
            rotations = rotations.none()
    return rotations.select_related("trainee__township", "trainee__user", "post").order_by("pk")


def _recipients(rotations: list[Rotation], *, tell_trainee: bool) -> dict[int, list]:
    """The staff of the trainee's township and of the post's (if another), and the trainee
    when `tell_trainee`."""
    units = {r.trainee.township_id for r in rotations} | {r.post.township_id for r in rotations}
    staff = unit_staff_by_unit(units)
    recipients = {}
    for rotation in rotations:
        users = list(staff.get(rotation.trainee.township_id, []))
        if rotation.post.township_id != rotation.trainee.township_id:
            users += staff.get(rotation.post.township_id, [])
        user = rotation.trainee.user
        if tell_trainee and user is not None and user.is_active:
            users.append(user)
        recipients[rotation.pk] = users
    return recipients
