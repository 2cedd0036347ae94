"""Lists pin their query count: the same with few rows and with many."""

import datetime as dt

import pytest
from django.utils import timezone

from assessments.models import AssessmentCycle, Grade, Outcome
from assessments.services import assessment_confirm, cycle_create
from tests.factories import TraineeFactory

from .builders import annual_cycle, rate_all


def _cycles(world, n: int) -> list[AssessmentCycle]:
    cycles = []
    for i in range(n):
        trainee = TraineeFactory(township=world.township_a)
        cycle = cycle_create(
            actor=None,
            name=f"专项考核{i}",
            kind=AssessmentCycle.Kind.SPECIAL,
            jurisdiction=world.county_a,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 6, 30),
            rating_deadline=timezone.localdate() + dt.timedelta(days=5),
            trainees=[trainee, world.own],
        )
        cycles.append(cycle)
    return cycles


# The user with their unit and the bell's unread count (1, accounts.backends; the session is
# read from Redis), the cycles' count and page (2) — the visible-cycles rule is a subquery.
CYCLE_LIST = 3


@pytest.mark.parametrize("n", [1, 6])
def test_the_cycle_list(n, world, login, django_assert_num_queries):
    _cycles(world, n)
    client = login(world.users["county_staff"])
    with django_assert_num_queries(CYCLE_LIST):
        assert client.get("/assessments/").status_code == 200


# The user with the bell's unread count (1), the assignments' count and page (2).
MY_TASKS = 3


@pytest.mark.parametrize("n", [1, 6])
def test_my_ratings(n, world, login, django_assert_num_queries):
    _cycles(world, n)
    client = login(world.users["mentor"])
    with django_assert_num_queries(MY_TASKS):
        response = client.get("/assessments/mine/")
    assert response.content.decode().count('data-testid="rate-') == n


# The user with their unit and the bell's unread count (1, the session is read from Redis), the
# cycle (through its visibility rule) with its quota figures, its template's dimension weights
# and the count of the assessments the user sees (1, the Paginator's count), the page of them
# with their vote counts, ballots issued and rater assignments with their scores (1), the 容错
# decisions of the page's trainees (1, conduct.templatetags.conduct_cycle). The close-cycle
# rule's "is the jurisdiction the user's own?" needs no query: the cycle is of the user's own
# county (accounts.scoping.in_units).
CYCLE_DETAIL = 4


@pytest.mark.parametrize("n", [1, 8])
def test_the_cycle_page(n, world, login, django_assert_num_queries):
    trainees = [TraineeFactory(township=world.township_a) for _ in range(n)]
    cycle = annual_cycle(
        world, trainees, name="年度", deadline=timezone.localdate() + dt.timedelta(days=5)
    )
    for assessment in cycle.assessments.all():
        rate_all(assessment, score=80)
    client = login(world.users["county_staff"])
    with django_assert_num_queries(CYCLE_DETAIL):
        assert client.get(f"/assessments/{cycle.pk}/").status_code == 200


# The user with their unit and the bell's unread count (1), the cohorts of the filter form (1),
# the count (1), the page of trainees (1), their pool entries (1) and graded assessments with
# their cycles (1, prefetched).
TALENT_POOL = 6


@pytest.mark.parametrize("n", [1, 6])
def test_the_talent_pool(n, world, login, django_assert_num_queries):
    for cycle in _cycles(world, n):
        for assessment in cycle.assessments.all():
            rate_all(assessment, score=95)
        assessment = cycle.assessments.exclude(trainee=world.own).get()
        assessment_confirm(
            actor=world.users["city_staff"], assessment=assessment, grade=Grade.COMPETENT
        )
        Outcome.objects.create(
            trainee=assessment.trainee,
            kind=Outcome.Kind.TALENT_POOL,
            pool=Outcome.Pool.RESERVE,
            reason="表现突出",
            decided_on=dt.date(2026, 11, 1),
        )
    client = login(world.users["county_staff"])
    with django_assert_num_queries(TALENT_POOL):
        response = client.get("/assessments/talent-pool/?min_excellent=0&major=公共")
    assert response.content.decode().count("表现突出") == 0
    assert response.content.decode().count("/trainees/") >= n
