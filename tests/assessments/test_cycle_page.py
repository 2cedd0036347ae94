"""The cycle page lists its assessments 25 a page; the quota line counts the whole cycle."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.backends import AccountBackend
from assessments.models import AssessmentCycle
from assessments.selectors import cycle_page_queryset, cycle_visible
from assessments.services import cycle_create
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


def test_the_page_sees_the_cycles_the_scoping_rule_sees(aw, world):
    """cycle_visible decides from the page query's figures what CycleQuerySet.visible_to
    decides in SQL: for every role, cycles of their own unit, of another and above them."""
    city_cycle = cycle_create(
        actor=None,
        name="全市专项考核",
        kind=AssessmentCycle.Kind.SPECIAL,
        jurisdiction=world.city,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        rating_deadline=timezone.localdate() + dt.timedelta(days=5),
        trainees=[world.other],
    )
    # County A's cycle of a trainee of county B: its staff see it as theirs only.
    mixed = cycle_create(
        actor=None,
        name="甲县专项考核",
        kind=AssessmentCycle.Kind.SPECIAL,
        jurisdiction=world.county_a,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        rating_deadline=timezone.localdate() + dt.timedelta(days=5),
        trainees=[world.other],
    )
    cycles = [aw["cycle_own"], aw["cycle_other"], city_cycle, mixed]
    seen = {}
    for role, user in world.users.items():
        if user is None:
            continue
        user = AccountBackend().get_user(user.pk)  # as a request loads it
        for cycle in cycles:
            expected = AssessmentCycle.objects.visible_to(user).filter(pk=cycle.pk).exists()
            figures = cycle_page_queryset(user).get(pk=cycle.pk)
            assert cycle_visible(user, figures) == expected, (role, cycle.name)
            seen[role, cycle.name] = expected
    # Both answers occur: through the unit, through an assessment, and neither.
    assert seen["county_staff", "年度考核 own"] and not seen["county_staff", "年度考核 other"]
    assert seen["trainee", "年度考核 own"] and not seen["trainee", "年度考核 other"]
    assert seen["city_staff", "全市专项考核"] and not seen["county_staff", "全市专项考核"]
    assert seen["county_staff", "甲县专项考核"] and not seen["unit_staff", "甲县专项考核"]
