"""The cycle page lists its assessments 25 a page; the quota line counts the whole cycle."""

import pytest

from tests.factories import TraineeFactory

from .builders import annual_cycle


@pytest.fixture
def big_cycle(world):
    trainees = [TraineeFactory(township=world.township_a) for _ in range(27)]
    return annual_cycle(world, trainees)


def test_the_second_page_shows_the_rest_and_the_quota_counts_everyone(big_cycle, world, login):
    client = login(world.users["county_staff"])
    first = client.get(f"/assessments/{big_cycle.pk}/").content.decode()
    second = client.get(f"/assessments/{big_cycle.pk}/?page=2").content.decode()
    assert first.count('data-testid="row-') == 25
    assert second.count('data-testid="row-') == 2
    assert "?page=2" in first
    for html in (first, second):
        quota = html[html.index('data-testid="quota"') :]
        assert "27" in quota[: quota.index("</div>")]


def test_confirming_returns_to_the_page_it_was_made_on(big_cycle, world, login):
    client = login(world.users["county_staff"])
    assessment = big_cycle.assessments.order_by("trainee__name", "pk").last()
    response = client.post(f"/assessments/a/{assessment.pk}/confirm/", {"page": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{big_cycle.pk}/?page=2"
