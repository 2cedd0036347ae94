"""The province seed holds rows of the record kinds added after the benchmark was written
(attendance, education, support, conduct, careers), so their pages are measured on data."""

from __future__ import annotations

import datetime as dt

import pytest

from attendance.models import AttendanceEntry, AttendanceSheet
from bench.province import Sizes, seed_province
from careers.models import FollowUp, Transfer
from conduct.models import Award, Discipline, ToleranceCase
from education.models import Course, Enrolment
from support.models import CareRecord, Difficulty, Entitlement

# Five cohorts: the oldest finished training two years before `TODAY`, so it has follow-ups.
SIZES = Sizes(
    cities=1,
    counties_per_city=2,
    townships_per_county=2,
    villages_per_township=2,
    trainees=30,
    cohorts=5,
    mentors_per_township=3,
    mentors_per_county=2,
    rotations_per_trainee=6,
    feedback=300,
    notifications_per_unit_staff=5,
)
TODAY = dt.date(2026, 12, 6)


@pytest.mark.django_db
def test_the_province_holds_rows_of_every_later_record_kind():
    seed_province(SIZES, today=TODAY, log=lambda line: None)
    for model in (
        AttendanceEntry,
        Course,
        Enrolment,
        Difficulty,
        CareRecord,
        Entitlement,
        Award,
        ToleranceCase,
        Discipline,
        Transfer,
        FollowUp,
    ):
        assert model.objects.exists(), model.__name__
    # Last month's sheet of every township, submitted, with a line per trainee then in training.
    sheets = AttendanceSheet.objects.filter(month=dt.date(2026, 11, 1), status="submitted")
    assert sheets.count() == 4
    for entry in AttendanceEntry.objects.select_related("sheet"):
        entry.full_clean()
    for model in (Difficulty, Enrolment, ToleranceCase, FollowUp):
        for record in model.objects.all():
            record.full_clean()
