"""Hypothesis: whatever set of rotations is proposed, what the service accepts never overlaps
for a trainee and never exceeds a post's capacity on any day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotations.models import Rotation
from rotations.services import rotation_assign
from tests.factories import TraineeFactory
from tests.world import build_world

from .factories import PostFactory

START = dt.date(2025, 8, 1)

proposal = st.tuples(
    st.integers(0, 2),  # trainee
    st.integers(0, 1),  # post
    st.integers(0, 120),  # start offset in days
    st.one_of(st.none(), st.integers(0, 60)),  # length in days (None: open-ended)
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(proposals=st.lists(proposal, min_size=1, max_size=12))
def test_accepted_rotations_never_overlap_or_overfill(django_db_blocker, proposals):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        trainees = [world.own] + [TraineeFactory(township=world.township_a) for _ in range(2)]
        posts = [PostFactory(township=world.township_a, capacity=c) for c in (1, 2)]
        actor = world.users["unit_staff"]
        for t, p, offset, length in proposals:
            start = START + dt.timedelta(days=offset)
            end = None if length is None else start + dt.timedelta(days=length)
            try:
                rotation_assign(actor=actor, trainee=trainees[t], post=posts[p],
                                starts_on=start, ends_on=end)  # fmt: skip
            except ValidationError:
                pass
        rotations = list(Rotation.objects.all())
        for day in (START + dt.timedelta(days=n) for n in range(0, 200)):
            on = [
                r
                for r in rotations
                if r.starts_on <= day and (r.ends_on is None or r.ends_on >= day)
            ]
            per_trainee = [r.trainee_id for r in on]
            assert len(per_trainee) == len(set(per_trainee)), f"overlap on {day}"
            for post in posts:
                assert sum(r.post_id == post.pk for r in on) <= post.capacity, f"full on {day}"
        transaction.set_rollback(True)
