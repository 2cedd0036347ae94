"""The lists of care and support pin their query count: the same with few rows and many."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import TraineeFactory

from .builders import care_for, difficulty_for, entitlement_type

# The user with their unit and the bell's unread count (1, accounts.backends; the session is
# read from Redis), the count (1) and the page of rows with trainee, county, township and
# owner joined (1).
LIST = 3


def _rows(world, n: int) -> None:
    from support.models import Entitlement

    for i in range(n):
        trainee = TraineeFactory(township=world.township_a)
        world.extra[f"t{i}"] = trainee
        world.extra["own_fixed"] = world.own
        from support.models import CareRecord, Difficulty

        Difficulty.objects.create(
            trainee=trainee,
            category="housing",
            description="漏雨",
            raised_on="2026-11-01",
            raised_by=world.users["city_staff"],
            owner=world.users["unit_staff"],
            due_on="2026-11-15",
        )
        CareRecord.objects.create(
            trainee=trainee,
            kind="visit",
            held_on="2026-11-01",
            leader="李书记",
            level="unit",
            summary="走访",
            recorded_by=world.users["city_staff"],
        )
        Entitlement.objects.create(trainee=trainee, type=entitlement_type(world))
    difficulty_for(world, "own")
    care_for(world, "own")


@pytest.mark.parametrize("n", [1, 8])
@pytest.mark.parametrize(
    "name", ["support:difficulty_list", "support:care_list", "support:entitlement_list"]
)
def test_the_support_lists(name, n, world, login, django_assert_num_queries):
    _rows(world, n)
    client = login(world.users["county_staff"])
    with django_assert_num_queries(LIST):
        assert client.get(reverse(name)).status_code == 200
