"""The demo shows a rotation with a deliberate length exception: shorter than the rules'
minimum, with its reason; seeding twice adds nothing."""

import os

from django.core.management import call_command

from cadets.models import add_months
from rotations.models import Rotation, RotationRules


def test_the_demo_has_one_rotation_shorter_than_the_minimum_with_its_reason(demo_city):
    """`demo_city` is the first seeding (tests/demo_city.py); this is the second."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    exceptions = list(Rotation.objects.exclude(length_exception=""))
    assert len(exceptions) == 1
    rotation = exceptions[0]
    minimum = RotationRules.current().min_months_per_post
    assert rotation.ends_on < add_months(rotation.starts_on, minimum)
    assert "提前" in rotation.length_exception
    following = Rotation.objects.filter(
        trainee=rotation.trainee, starts_on__gt=rotation.starts_on
    ).order_by("starts_on")[0]
    assert (following.starts_on - rotation.ends_on).days == 1
