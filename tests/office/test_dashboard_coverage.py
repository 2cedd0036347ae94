"""The dashboard counts the trainees with a rotation-coverage warning in SQL (WARNED_SQL): the
same trainees as rotations.coverage.compute_coverage finds, on generated rotations."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection

from cadets.models import Trainee
from office.dashboard import _warned_in_python, warned_trainees
from rotations.models import PostCategory, Rotation, RotationRules
from rotations.selectors import coverage_of, rule_set
from tests.factories import TraineeFactory
from tests.rotations.factories import PostFactory, RotationFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="WARNED_SQL is PostgreSQL's"
)


def _trainees(world, n: int, seed: int) -> None:
    """n trainees in training with rotations of random posts, lengths and gaps (some open-ended,
    some in the future, some held beyond the maximum, some village posts)."""
    rng = random.Random(seed)
    categories = list(PostCategory.objects.order_by("pk"))
    posts = []
    for category in categories:
        village = world.village_a if category.is_village else None
        posts += [PostFactory(township=world.township_a, category=category, village=village,
                              capacity=100) for _ in range(2)]  # fmt: skip
    for i in range(n):
        reported = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
        trainee = TraineeFactory(township=world.township_a, reported_on=reported,
                                 status=Trainee.Status.TRAINING)  # fmt: skip
        day = reported + dt.timedelta(days=rng.choice([0, 0, 0, 3, 40]))
        for _j in range(rng.randrange(0, 6)):
            length = rng.choice([30, 89, 90, 91, 180, 365, 366, 400, 800])
            open_ended = rng.random() < 0.1
            ends_on = None if open_ended else day + dt.timedelta(days=length)
            RotationFactory(trainee=trainee, post=rng.choice(posts), starts_on=day, ends_on=ends_on)
            if open_ended:
                break
            day += dt.timedelta(days=length + rng.choice([1, 1, 1, 2, 15, 60]))
        del i


def _python(today: dt.date) -> set[int]:
    rules = rule_set()
    warned = set()
    for trainee in Trainee.objects.filter(status=Trainee.Status.TRAINING):
        rotations = Rotation.objects.filter(trainee=trainee).select_related("post__category")
        if coverage_of(trainee, rotations, rules, today).warnings:
            warned.add(trainee.pk)
    return warned


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_sql_finds_the_trainees_compute_coverage_warns_about(world, seed):
    _trainees(world, 40, seed)
    user = world.users["city_staff"]
    training = set(
        Trainee.objects.filter(status=Trainee.Status.TRAINING).values_list("pk", flat=True)
    )
    sizes = set()
    for today in (dt.date(2024, 6, 1), dt.date(2025, 3, 15), dt.date(2026, 1, 31)):
        expected = _python(today)
        sizes.add(len(expected))
        assert set(warned_trainees(user, today).values_list("pk", flat=True)) == expected, today
        assert _warned_in_python(user, today) == len(expected)
    assert min(sizes) < len(training) and max(sizes) > 0  # both kinds of trainee occur


def test_the_rules_limits_are_read_from_the_rules_row(world):
    _trainees(world, 30, 7)
    user = world.users["city_staff"]
    today = dt.date(2025, 6, 1)
    rules = RotationRules.current()
    rules.max_months_per_post = 24
    rules.min_months_per_post = 1
    rules.village_max_months = 1
    rules.save()
    assert set(warned_trainees(user, today).values_list("pk", flat=True)) == _python(today)
