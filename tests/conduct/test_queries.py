"""The lists of conduct pin their query count: the same with few rows and many."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import TraineeFactory

from .builders import award_for, discipline_for, exemplary_for, tolerance_case_for

# The user with their unit and the bell's unread count (1, accounts.backends; the session is
# read from Redis), the count (1), the page of rows with trainee, county and township (1).
LIST = 3
# ... and, for the sensitive lists, the audit events of the rows shown, in one INSERT (1).
AUDITED_LIST = 4


def _rows(world, n: int) -> None:
    for i in range(n):
        trainee = TraineeFactory(township=world.township_a)
        world.extra["other"] = world.other
        world.other, keep = trainee, world.other
        for key in ("tolerance_other", "discipline_other"):
            world.extra.pop(key, None)
        tolerance_case_for(world, "other")
        discipline_for(world, "other")
        award_for(world, "other")
        exemplary_for(world, "other")
        world.other = keep


@pytest.mark.parametrize("n", [1, 8])
@pytest.mark.parametrize(
    "name,count",
    [
        ("conduct:tolerance_list", AUDITED_LIST),
        ("conduct:discipline_list", AUDITED_LIST),
        ("conduct:award_list", LIST),
        ("conduct:exemplary_list", LIST),
    ],
)
def test_the_conduct_lists(name, count, n, world, login, django_assert_num_queries):
    _rows(world, n)
    client = login(world.users["county_staff"])
    with django_assert_num_queries(count):
        assert client.get(reverse(name)).status_code == 200
