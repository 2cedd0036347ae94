"""The careers lists ask the same number of queries for one row as for many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from careers.models import CareersConfig, FollowUp, PostProfile, Shortlist, ShortlistEntry, Transfer
from tests.factories import TraineeFactory
from tests.rotations.factories import KeyTaskFactory, RotationFactory

# Every page begins with: 1 the user with their unit and the bell's unread count
# (accounts.backends; the session is read from Redis).
USER = 1


def _many(world, n: int) -> list:
    """n trainees of county A who finished in 2023, each with a transfer, a rotation, a task
    and a shortlist entry; every other one without the record of 2025."""
    CareersConfig.current()
    trainees = [
        TraineeFactory(township=world.township_a, reported_on=dt.date(2021, 8, 1)) for _ in range(n)
    ]
    profile = PostProfile.objects.create(
        name="乡镇副职", scope=PostProfile.Scope.ALL, owner_unit=world.county_a
    )
    shortlist = Shortlist.objects.create(profile=profile)
    for i, trainee in enumerate(trainees):
        Transfer.objects.create(
            trainee=trainee, kind=Transfer.Kind.SECONDMENT_UP, from_unit=world.township_a,
            to_body="市委组织部", effective_on=dt.date(2027, 1, 1),
        )  # fmt: skip
        if i % 2:
            FollowUp.objects.create(trainee=trainee, year=2025, unit="甲镇", post="副镇长")
        RotationFactory(trainee=trainee)
        KeyTaskFactory(trainee=trainee)
        ShortlistEntry.objects.create(shortlist=shortlist, trainee=trainee, position=i + 1)
    return [profile, shortlist]


@pytest.mark.parametrize("rows", [1, 6])
def test_the_lists_query_counts_do_not_grow_with_rows(
    world, login, django_assert_num_queries, rows
):
    profile, shortlist = _many(world, rows)
    client = login(world.users["county_staff"])
    pages = [
        # the page of transfers with trainee and units joined, its count
        (reverse("careers:transfer_list"), USER + 2),
        # the rules (CareersConfig), the page of trainees missing a record with its count,
        # the records of the year
        (reverse("careers:follow_up_list") + "?year=2025", USER + 4),
        # the page of profiles with their shortlist counts, its count
        (reverse("careers:profile_list"), USER + 2),
        # the profile; its categories and counties; the trainees in scope, their rotations,
        # front-line tasks and confirmed grades (careers.matching); the shortlists
        (reverse("careers:profile_detail", args=[profile.pk]) + "?all=1", USER + 8),
        # the shortlist with its profile; the entries with their trainees
        (reverse("careers:shortlist_detail", args=[shortlist.pk]), USER + 2),
        # the trainees behind a bar with their places, their count
        (reverse("careers:analysis_trainees") + "?dim=sex&value=F", USER + 2),
        # the trainees for the retention and their accepted transfers, promotions and
        # promoted years; the trainees for the structure
        (reverse("careers:analysis"), USER + 5),
    ]
    for url, queries in pages:
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200, url
