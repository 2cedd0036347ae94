"""Matching suggestions: field, place and load."""

import datetime as dt

from mentors.matching import MentorCandidate, TraineeProfile, rank_mentors
from mentors.selectors import suggest_mentors
from tests.factories import MentorFactory, MentorshipFactory, TraineeFactory

PROFILE = TraineeProfile(major="农业经济管理", county_id=1, township_id=10)


def candidate(mentor_id, expertise, county_id, township_id, load=0, capacity=3):
    return MentorCandidate(
        mentor_id=mentor_id,
        name=f"导师{mentor_id}",
        expertise=expertise,
        county_id=county_id,
        township_id=township_id,
        load=load,
        capacity=capacity,
    )


def test_a_same_field_same_county_mentor_with_room_comes_first():
    best = candidate(1, "农业经济", county_id=1, township_id=11)
    ranked = rank_mentors(
        PROFILE,
        [
            candidate(2, "法律事务", county_id=1, township_id=10),  # same township, wrong field
            candidate(3, "农业经济", county_id=2, township_id=20),  # right field, elsewhere
            candidate(4, "农业经济", county_id=1, township_id=10, load=3),  # full
            best,
        ],
    )
    assert ranked[0].candidate == best
    assert ranked[-1].candidate.mentor_id == 4  # a full mentor is ranked last


def test_ties_go_to_the_lighter_load():
    light = candidate(1, "农业经济", 1, 10, load=0, capacity=4)
    busy = candidate(2, "农业经济", 1, 10, load=3, capacity=4)
    assert [s.candidate for s in rank_mentors(PROFILE, [busy, light])] == [light, busy]


def test_suggestions_come_from_the_mentors_in_the_actors_scope(world):
    trainee = TraineeFactory(township=world.township_a, major="法学")
    lawyer = MentorFactory(unit=world.township_a, expertise="法律事务", max_mentees=2)
    MentorFactory(unit=world.township_b, expertise="法律事务")  # outside the county
    MentorshipFactory(trainee=world.own, mentor=lawyer, is_primary=False)
    ranked = suggest_mentors(
        actor=world.users["county_staff"], trainee=trainee, today=dt.date(2026, 11, 26)
    )
    assert [mentor for _, mentor in ranked] == [lawyer, world.mentor]
    assert ranked[0][1].load == 1
