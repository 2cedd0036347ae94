"""Generating the due cycles from the calendar and each trainee's dates."""

import datetime as dt

from django.core.management import call_command

from assessments.models import AssessmentCycle, RaterAssignment, RaterKind
from assessments.services import cycles_generate


def test_generate_creates_the_due_cycles_once(world):
    # The world's trainees reported on 2025-08-01: probation ends 2026-08-01.
    created = cycles_generate(actor=None, jurisdiction=world.city, today=dt.date(2026, 7, 15))
    kinds = sorted(c.kind for c in created)
    assert kinds == sorted(
        [AssessmentCycle.Kind.ROUTINE, AssessmentCycle.Kind.ANNUAL, AssessmentCycle.Kind.PROBATION]
    )
    routine = next(c for c in created if c.kind == AssessmentCycle.Kind.ROUTINE)
    assert (routine.period_start, routine.period_end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    probation = next(c for c in created if c.kind == AssessmentCycle.Kind.PROBATION)
    assert probation.assessments.count() == 2
    assert probation.period_start == dt.date(2026, 8, 1)
    assert cycles_generate(actor=None, jurisdiction=world.city, today=dt.date(2026, 7, 20)) == []


def test_raters_are_the_trainee_the_mentors_the_township_and_the_county(world):
    cycles_generate(actor=None, jurisdiction=world.county_a, today=dt.date(2026, 11, 26))
    assignments = dict(
        RaterAssignment.objects.filter(
            assessment__trainee=world.own, assessment__cycle__kind="annual"
        ).values_list("rater__username", "kind")
    )
    assert assignments == {
        "trainee": RaterKind.SELF,
        "mentor": RaterKind.MENTOR,
        "township": RaterKind.UNIT,
        "county": RaterKind.ORG,
    }


def test_the_command_generates_for_a_unit(world):
    call_command("generate_assessment_cycles", unit=world.county_b.code, date="2027-07-20")
    kinds = set(AssessmentCycle.objects.values_list("kind", flat=True))
    assert kinds == {"routine", "annual", "completion"}
