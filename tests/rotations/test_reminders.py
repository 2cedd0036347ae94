"""Reminders of the rotations app (rotations/reminders.py): a rotation ending in 14 / 7 / 1 days
with no next post, and a rotation starting tomorrow."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Role, User
from cadets.models import Trainee
from notifications.due import SweepContext
from notifications.models import Notification, ReminderSettings
from notifications.services import sweep_run
from rotations.reminders import (
    ENDING_1,
    ENDING_7,
    ENDING_14,
    ENDING_KIND,
    STARTING,
    rotation_ending_1,
    rotation_ending_7,
    rotation_ending_14,
    rotation_starting,
)
from tests.factories import OrgUnitFactory, TraineeFactory, UserFactory
from tests.notifications.conftest import TODAY
from tests.notifications.test_provider_contract import ProviderCase, check_provider
from tests.reminder_checks import told

from .factories import PostFactory, RotationFactory


def _trainee(world, **extra) -> Trainee:
    return TraineeFactory(village=world.village_a, **extra)


def _rotation(world, *, ends_on, trainee=None, starts_on=None, **extra):
    trainee = trainee or _trainee(world)
    return RotationFactory(
        trainee=trainee,
        starts_on=starts_on or ends_on - dt.timedelta(days=80),
        ends_on=ends_on,
        **extra,
    )


def _township_staff(rotation) -> set:
    return set(User.objects.filter(role=Role.UNIT_STAFF, org_unit=rotation.trainee.township))


def _with_next(world, ends_on):
    rotation = _rotation(world, ends_on=ends_on)
    RotationFactory(
        trainee=rotation.trainee,
        starts_on=ends_on + dt.timedelta(days=1),
        ends_on=ends_on + dt.timedelta(days=90),
    )
    return rotation


def _day(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("provider", "lead"),
    [(rotation_ending_14, ENDING_14), (rotation_ending_7, ENDING_7), (rotation_ending_1, ENDING_1)],
)
def test_each_step_of_rotation_ending_keeps_the_contract(world, provider, lead):
    days = lead.default_days
    items = check_provider(
        ProviderCase(
            provider=provider,
            kind=ENDING_KIND,
            due=lambda today: _rotation(world, ends_on=_day(today, days)),
            just_outside=lambda today: _rotation(world, ends_on=_day(today, days + 1)),
            done=lambda today: _with_next(world, _day(today, days)),
            recipients=_township_staff,
        )
    )
    assert all(item.period.endswith(f":{days}") for item in items)


def test_a_rotation_is_reminded_once_per_step_as_its_end_comes_closer(world):
    rotation = _rotation(world, ends_on=_day(TODAY, 20))
    for offset in range(21):
        sweep_run(today=_day(TODAY, offset))
    end = rotation.ends_on.isoformat()
    periods = Notification.objects.filter(kind=ENDING_KIND, subject_id=rotation.pk)
    assert sorted(periods.values_list("period", "recipient__username")) == [
        (f"{end}:1", "township"),
        (f"{end}:14", "township"),
        (f"{end}:7", "township"),
    ]


def test_a_rotation_assigned_late_gets_the_nearest_step_only(world):
    rotation = _rotation(world, ends_on=_day(TODAY, 5))
    sweep_run(today=TODAY)
    assert [p for _level, p in _periods(rotation)] == [f"{rotation.ends_on}:7"]


def _periods(rotation):
    return Notification.objects.filter(kind=ENDING_KIND, subject_id=rotation.pk).values_list(
        "escalation_level", "period"
    )


def test_the_last_rotation_of_the_training_period_needs_no_next_post(world):
    trainee = _trainee(world, reported_on=dt.date(2024, 12, 2))  # training ends 2026-12-02
    last = _rotation(world, trainee=trainee, ends_on=trainee.training_ends_on)
    ctx = SweepContext(today=_day(trainee.training_ends_on, -5), config=ReminderSettings.current())
    assert last not in [item.subject for item in rotation_ending_7(ctx)]


def test_a_trainee_no_longer_in_training_is_not_reminded(world):
    rotation = _rotation(world, ends_on=_day(TODAY, 7), trainee=_trainee(world))
    Trainee.objects.filter(pk=rotation.trainee_id).update(status=Trainee.Status.RESIGNED)
    ctx = SweepContext(today=TODAY, config=ReminderSettings.current())
    assert rotation not in [item.subject for item in rotation_ending_7(ctx)]


def test_changed_lead_times_move_the_steps(world):
    config = ReminderSettings.current()
    config.lead_days = {ENDING_14.key: 30, ENDING_7.key: 10}
    config.save()
    rotation = _rotation(world, ends_on=_day(TODAY, 25))
    nearer = _rotation(world, ends_on=_day(TODAY, 9))
    ctx = SweepContext(today=TODAY, config=config)
    assert rotation in [item.subject for item in rotation_ending_14(ctx)]
    assert nearer not in [item.subject for item in rotation_ending_14(ctx)]
    assert nearer in [item.subject for item in rotation_ending_7(ctx)]


def test_rotation_starting_tomorrow_keeps_the_contract(world):
    trainee_user = lambda: UserFactory(role=Role.TRAINEE)  # noqa: E731

    def starting(today, days):
        trainee = _trainee(world, user=trainee_user())
        return RotationFactory(
            trainee=trainee, starts_on=_day(today, days), ends_on=_day(today, days + 90)
        )

    check_provider(
        ProviderCase(
            provider=rotation_starting,
            kind=STARTING.key,
            due=lambda today: starting(today, 1),
            just_outside=lambda today: starting(today, 2),
            done=lambda today: starting(today, -1),  # already started
            recipients=lambda rotation: _township_staff(rotation) | {rotation.trainee.user},
        )
    )


def test_a_post_in_another_township_tells_its_staff_too(world):
    other_staff = UserFactory(
        username="township-b", role=Role.UNIT_STAFF, org_unit=world.township_b
    )
    trainee = _trainee(world)
    rotation = RotationFactory(
        trainee=trainee,
        post=PostFactory(township=world.township_b),
        starts_on=_day(TODAY, 1),
        ends_on=_day(TODAY, 60),
    )
    sweep_run(today=TODAY)
    assert {name for _level, name in told(STARTING.key, rotation)} == {
        "township",
        other_staff.username,
    }


def test_the_calendar_asks_one_step_only_and_for_the_users_own_items(world):
    rotation = _rotation(world, ends_on=_day(TODAY, 40))
    staff = world.users["unit_staff"]
    ctx = SweepContext(
        today=TODAY, config=ReminderSettings.current(), recipient=staff, calendar=True
    )
    subjects = [
        item.subject
        for provider in (rotation_ending_14, rotation_ending_7, rotation_ending_1)
        for item in provider(ctx)
    ]
    assert subjects.count(rotation) == 1
    elsewhere = UserFactory(
        role=Role.UNIT_STAFF,
        org_unit=OrgUnitFactory(kind="township", parent=world.county_b, name="丙镇"),
    )
    ctx.recipient = elsewhere
    assert rotation not in [item.subject for item in rotation_ending_14(ctx)]
    ctx.recipient = world.users["trainee"]
    assert list(rotation_ending_14(ctx)) == []  # the trainee is not told of an ending


def test_the_providers_query_a_constant_number_of_times(world, django_assert_num_queries):
    for days in (1, 5, 10, 12):
        _rotation(world, ends_on=_day(TODAY, days))
        RotationFactory(trainee=_trainee(world), starts_on=_day(TODAY, 1), ends_on=_day(TODAY, 60))
    ctx = SweepContext(today=TODAY, config=ReminderSettings.current())
    for provider in (rotation_ending_14, rotation_ending_7, rotation_ending_1, rotation_starting):
        with django_assert_num_queries(2):  # the rotations, the staff
            list(provider(ctx))
