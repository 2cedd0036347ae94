"""Structure and retention: the figures of a known cohort, the breakdowns and their drill-down."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from assessments.models import Outcome
from cadets.models import Cohort
from careers import analysis
from careers.models import FollowUp, Transfer
from tests.factories import TraineeFactory


def _cohort_2022(world):
    """Six trainees reporting on 2022-08-01 in county A:
    one resigns in 2024, one transfers out in 2025, one is posted on exchange in 2024,
    one is promoted in 2025 (an outcome), one is promoted in 2024 (a follow-up year);
    the last one stays where they were."""
    cohort = Cohort.objects.create(year=2022, name="2022届")
    people = [
        TraineeFactory(township=world.township_a, cohort=cohort, reported_on=dt.date(2022, 8, 1))
        for _ in range(6)
    ]
    for trainee, kind, day in (
        (people[0], Transfer.Kind.RESIGNATION, dt.date(2024, 3, 1)),
        (people[1], Transfer.Kind.OUT, dt.date(2025, 6, 1)),
        (people[2], Transfer.Kind.EXCHANGE, dt.date(2024, 9, 1)),
    ):
        Transfer.objects.create(
            trainee=trainee, kind=kind, from_body="甲镇", to_body="某单位", effective_on=day,
            status=Transfer.Status.ACCEPTED, reason="测试",
        )  # fmt: skip
    # A refused transfer counts for nothing.
    Transfer.objects.create(
        trainee=people[5], kind=Transfer.Kind.OUT, from_body="甲镇", to_body="外省",
        effective_on=dt.date(2024, 1, 1), status=Transfer.Status.REFUSED,
    )  # fmt: skip
    Outcome.objects.create(
        trainee=people[3], kind=Outcome.Kind.PROMOTION, reason="实绩突出",
        decided_on=dt.date(2025, 11, 1),
    )  # fmt: skip
    FollowUp.objects.create(trainee=people[4], year=2024, unit="甲镇", post="副镇长", promoted=True)
    # Promoted, then left: counted as left only.
    FollowUp.objects.create(trainee=people[1], year=2024, unit="甲镇", post="副镇长", promoted=True)
    return people


def test_the_retention_of_a_known_cohort(world):
    _cohort_2022(world)
    today = dt.date(2026, 6, 30)
    cohort = next(c for c in analysis.retention(world.users["city_staff"], today) if c.year == 2022)
    figures = {y.year: (y.in_body, y.promoted, y.moved, y.left) for y in cohort.years}
    assert cohort.total == 6
    assert figures == {
        2022: (6, 0, 0, 0),
        2023: (6, 0, 0, 0),
        2024: (4, 2, 1, 1),  # resigned; exchange; promoted: people[4] and people[1]
        2025: (3, 2, 1, 2),  # people[1] left; people[3] promoted
        2026: (3, 2, 1, 2),  # as of today
    }
    assert [y.retention for y in cohort.years] == [100.0, 100.0, 66.7, 50.0, 50.0]
    assert cohort.years[-1].promoted_share == 33.3


def test_the_retention_keeps_to_the_scope(world):
    _cohort_2022(world)
    TraineeFactory(township=world.township_b, cohort=Cohort.objects.get(year=2022))
    today = timezone.localdate()
    county = {c.year: c.total for c in analysis.retention(world.users["county_staff"], today)}
    city = {c.year: c.total for c in analysis.retention(world.users["city_staff"], today)}
    assert county[2022] == 6 and city[2022] == 7


def test_the_breakdowns_count_the_scope_and_drill_down_to_the_same_trainees(world, login):
    TraineeFactory(township=world.township_a, sex="M", major="法学")
    client = login(world.users["county_staff"])
    page = client.get(reverse("careers:analysis"))
    breakdowns = {b.key: b for b in page.context["breakdowns"]}
    sexes = {bar.label: bar.value for bar in breakdowns["sex"].bars}
    assert sexes == {"男": 1, "女": 1}  # own (女) and the new one; `other` is out of scope
    for bar in breakdowns["sex"].bars + breakdowns["major"].bars + breakdowns["age"].bars:
        drill = client.get(bar.url)
        assert drill.context["page"].paginator.count == bar.value, bar.url
