"""The lists of conduct pin their query count: the same with few rows and many."""

from __future__ import annotations

from dataclasses import replace

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
    """n more trainees in the county, each with one record of every kind."""
    for _ in range(n):
        # The builders hang "other" records off world.other: a world whose other is the new one.
        more = replace(world, other=TraineeFactory(township=world.township_a), extra={})
        tolerance_case_for(more, "other")
        discipline_for(more, "other")
        award_for(more, "other")
        exemplary_for(more, "other")


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
