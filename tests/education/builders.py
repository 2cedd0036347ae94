"""Courses for the education tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from education.models import Course, Enrolment


def course_for(world, which: str = "own", *, hours: Decimal = Decimal("16"), **extra) -> Course:
    """A course organised by township A ("own": everyone in A's chain runs it) or B ("other"),
    with that township's trainee enrolled."""
    township = world.township_a if which == "own" else world.township_b
    course = Course.objects.create(
        title=extra.pop("title", f"{township.name}理论学习"),
        kind=extra.pop("kind", Course.Kind.MISSION),
        starts_on=extra.pop("starts_on", dt.date(2026, 9, 1)),
        ends_on=extra.pop("ends_on", dt.date(2026, 9, 2)),
        hours=hours,
        organiser=township.name,
        organiser_unit=township,
        created_by=world.users["superuser"],
        **extra,
    )
    Enrolment.objects.create(
        course=course, trainee=world.trainee(which), enrolled_by=world.users["superuser"]
    )
    return course
