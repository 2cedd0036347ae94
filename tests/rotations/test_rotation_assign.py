"""The rotation rules: no overlap (service and database), capacity, bad input, edge cases.

Date ranges are inclusive at both ends (rotations/models.py): [08-01, 10-31] and [11-01, …]
touch without overlapping; an empty end date is open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from rotations.models import Rotation
from rotations.services import (
    MSG_BEFORE_REPORTED,
    MSG_CAPACITY,
    MSG_POST_CLOSED,
    MSG_POST_OTHER_TOWNSHIP,
    MSG_START_AFTER_END,
    RotationProposal,
    busiest_day,
    rotation_assign,
    rotation_assign_batch,
    rotation_cancel,
    rotation_end,
    rotation_move,
)
from tests.factories import TraineeFactory

from .factories import PostFactory, RotationFactory, category

D = dt.date


@pytest.fixture
def staff(world):
    return world.users["unit_staff"]


@pytest.fixture
def post(world):
    return PostFactory(township=world.township_a, capacity=1, name="党政办")


def assign(world, post, start, end, trainee=None, actor=None, exception=""):
    return rotation_assign(
        actor=actor or world.users["unit_staff"],
        trainee=trainee or world.own,
        post=post,
        starts_on=start,
        ends_on=end,
        reason="轮岗",
        length_exception=exception,
    )


# Short stints that test other rules (capacity, current post, cancelling) are saved as
# deliberate exceptions to the months per post (tests/rotations/test_rotation_length.py).
SHORT = "短期安排（测试）"


def test_the_database_refuses_overlapping_rotations_that_bypass_the_service(world, post):
    assert connection.vendor == "postgresql"  # the suite runs on PostgreSQL (make test)
    other_post = PostFactory(township=world.township_a)
    RotationFactory(trainee=world.own, post=post, starts_on=D(2025, 8, 1), ends_on=D(2025, 10, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        Rotation.objects.bulk_create(
            [
                Rotation(
                    trainee=world.own,
                    post=other_post,
                    starts_on=D(2025, 10, 31),  # the shared last day is enough to clash
                    ends_on=D(2025, 12, 31),
                )
            ]
        )


def test_the_database_treats_an_empty_end_as_open(world, post):
    assert connection.vendor == "postgresql"  # the suite runs on PostgreSQL (make test)
    RotationFactory(trainee=world.own, post=post, starts_on=D(2025, 8, 1), ends_on=None)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO rotations_rotation (trainee_id, post_id, starts_on, ends_on, reason,"
            " created_at) VALUES (%s, %s, %s, %s, '', now())",
            [world.own.pk, post.pk, D(2030, 1, 1), D(2030, 2, 1)],
        )


def test_the_service_names_the_clashing_rotation(world, post):
    assign(world, post, D(2025, 8, 1), D(2025, 10, 31))
    other = PostFactory(township=world.township_a, name="经发办")
    with pytest.raises(ValidationError) as error:
        assign(world, other, D(2025, 10, 1), D(2025, 12, 31))
    message = error.value.messages[0]
    assert "党政办" in message and "2025-08-01" in message and "2025-10-31" in message
    assert Rotation.objects.filter(trainee=world.own).count() == 1


def test_touching_ranges_do_not_overlap(world, post):
    assign(world, post, D(2025, 8, 1), D(2025, 10, 31))
    other = PostFactory(township=world.township_a)
    assign(world, other, D(2025, 11, 1), D(2026, 1, 31))
    assert Rotation.objects.filter(trainee=world.own).count() == 2


def test_an_open_ended_rotation_blocks_everything_after_it(world, post):
    assign(world, post, D(2025, 8, 1), None)
    other = PostFactory(township=world.township_a)
    with pytest.raises(ValidationError):
        assign(world, other, D(2027, 1, 1), D(2027, 3, 31))
    # Before it is fine.
    assert Rotation.objects.count() == 1


def test_ending_early_frees_the_rest_and_keeps_the_history(world, post):
    rotation = assign(world, post, D(2025, 8, 1), None)
    rotation_end(actor=world.users["unit_staff"], rotation=rotation, ends_on=D(2025, 9, 30),
                 reason="提前结束")  # fmt: skip
    other = PostFactory(township=world.township_a)
    assign(world, other, D(2025, 10, 1), None)
    history = list(rotation.history.order_by("history_date"))
    assert [h.ends_on for h in history] == [None, D(2025, 9, 30)]
    assert history[-1].history_change_reason == "提前结束"


def test_moving_ends_the_old_rotation_the_day_before(world, post):
    rotation = assign(world, post, D(2025, 8, 1), None)
    other = PostFactory(township=world.township_a, name="乡村振兴办")
    new = rotation_move(actor=world.users["unit_staff"], rotation=rotation, post=other,
                        on=D(2025, 11, 1), reason="工作需要")  # fmt: skip
    rotation.refresh_from_db()
    assert rotation.ends_on == D(2025, 10, 31)
    assert new.starts_on == D(2025, 11, 1) and new.ends_on is None


def test_capacity_is_refused_on_the_busiest_day(world):
    post = PostFactory(township=world.township_a, capacity=2, name="综治办")
    a = TraineeFactory(township=world.township_a)
    b = TraineeFactory(township=world.township_a)
    assign(world, post, D(2025, 8, 1), D(2025, 9, 30), trainee=a, exception=SHORT)
    assign(world, post, D(2025, 9, 15), D(2025, 12, 31), trainee=b, exception=SHORT)
    # Alone with either one on most days, but with both on 15–30 September.
    with pytest.raises(ValidationError) as error:
        assign(world, post, D(2025, 9, 1), D(2025, 10, 31), exception=SHORT)
    assert error.value.messages == [
        str(MSG_CAPACITY.format(post=post, capacity=2, day=D(2025, 9, 15), count=3))
    ]
    assign(world, post, D(2025, 10, 1), D(2025, 10, 31), exception=SHORT)  # only b: fits


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("start_after_end", MSG_START_AFTER_END),
        ("closed", MSG_POST_CLOSED),
        ("other_township", MSG_POST_OTHER_TOWNSHIP),
        ("before_report", MSG_BEFORE_REPORTED),
    ],
)
def test_bad_input_gets_its_own_message_and_saves_nothing(world, setup, message):
    post = PostFactory(township=world.township_a, is_active=setup != "closed")
    start, end = D(2025, 9, 1), D(2025, 11, 30)
    if setup == "start_after_end":
        start, end = end, start
    if setup == "other_township":
        post = PostFactory(township=world.township_b)
    if setup == "before_report":
        start = D(2025, 7, 1)
    with pytest.raises(ValidationError) as error:
        assign(world, post, start, end, actor=world.users["city_staff"])
    expected = str(message).split("{")[0]
    assert error.value.messages[0].startswith(expected)
    assert not Rotation.objects.exists()


def test_a_batch_is_all_or_nothing(world, post):
    other = PostFactory(township=world.township_a)
    proposals = [
        RotationProposal(world.own, post, D(2025, 8, 1), D(2025, 10, 31)),
        RotationProposal(world.own, other, D(2025, 10, 1), D(2025, 12, 31)),  # clashes with #1
    ]
    with pytest.raises(ValidationError):
        rotation_assign_batch(actor=world.users["city_staff"], proposals=proposals)
    assert not Rotation.objects.exists()


def test_mentors_trainees_and_staff_of_other_units_cannot_assign(world, post):
    for role in ("mentor", "trainee"):
        with pytest.raises(PermissionDenied):
            assign(world, post, D(2025, 8, 1), None, actor=world.users[role])
    other_post = PostFactory(township=world.township_b)
    with pytest.raises(PermissionDenied):
        assign(world, other_post, D(2025, 8, 1), None, trainee=world.other)


def test_the_current_rotation_becomes_the_trainees_current_post(world, post):
    today = dt.date.today()
    assign(
        world, post, today - dt.timedelta(days=10), today + dt.timedelta(days=10), exception=SHORT
    )
    world.own.refresh_from_db()
    assert world.own.current_post == "党政办"


def test_only_a_planned_rotation_can_be_cancelled(world, post):
    today = dt.date.today()
    started = assign(world, post, today - dt.timedelta(days=3), today, exception=SHORT)
    with pytest.raises(ValidationError):
        rotation_cancel(actor=world.users["unit_staff"], rotation=started)
    planned = assign(world, post, today + dt.timedelta(days=30), None)
    planned_pk = planned.pk
    rotation_cancel(actor=world.users["unit_staff"], rotation=planned)
    assert list(Rotation.objects.all()) == [started]
    assert Rotation.history.filter(id=planned_pk, history_type="-").exists()


def test_busiest_day_counts_inclusive_ends():
    ranges = [(D(2025, 1, 1), D(2025, 1, 10)), (D(2025, 1, 10), None)]
    assert busiest_day(ranges, D(2025, 1, 1), D(2025, 1, 31)) == (D(2025, 1, 10), 2)
    assert busiest_day(ranges, D(2025, 1, 11), None) == (D(2025, 1, 11), 1)


def test_default_categories_and_rules_are_seeded(db):
    from rotations.models import RotationRules

    rules = RotationRules.current()
    names = set(rules.required_categories.values_list("name", flat=True))
    assert {"党政综合", "乡村振兴", "村任职"} <= names
    assert category("村任职").is_village
