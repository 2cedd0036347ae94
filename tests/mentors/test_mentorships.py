"""Pairings: configurable types, one current primary mentor, history kept."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from mentors import services
from mentors.models import Mentorship, MentorType
from tests.factories import MentorFactory, MentorshipFactory

from .builders import mentorship_for


def test_a_trainee_has_one_current_primary_mentor_in_the_database(world):
    with pytest.raises(IntegrityError):
        MentorshipFactory(trainee=world.own, mentor=MentorFactory(unit=world.township_a))


def test_a_new_primary_mentor_takes_over_and_history_is_kept(world):
    first = mentorship_for(world, "own")
    newcomer = MentorFactory(unit=world.township_a)
    services.mentorship_create(
        actor=world.users["county_staff"],
        mentorship=Mentorship(
            trainee=world.own,
            mentor=newcomer,
            kind=Mentorship.Kind.IDEOLOGICAL,
            is_primary=True,
            starts_on=dt.date(2026, 11, 1),
        ),
    )
    first.refresh_from_db()
    assert not first.is_primary
    assert Mentorship.objects.get(trainee=world.own, is_primary=True).mentor == newcomer
    assert first.history.count() == 2


def test_mentor_types_are_configurable(world):
    MentorType.objects.create(code="township", name="乡镇导师", order=9)
    pairing = Mentorship(
        trainee=world.own,
        mentor=MentorFactory(unit=world.township_a),
        kind="township",
        starts_on=dt.date(2026, 1, 1),
    )
    pairing.full_clean()
    pairing.kind = "unknown"
    with pytest.raises(ValidationError):
        pairing.full_clean()


def test_unit_staff_may_not_pair(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.mentorship_create(
            actor=world.users["unit_staff"],
            mentorship=Mentorship(
                trainee=world.own,
                mentor=world.mentor,
                kind="joint",
                starts_on=dt.date(2026, 1, 1),
            ),
        )
