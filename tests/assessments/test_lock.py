"""A locked cycle: the database refuses any change to its ratings and results."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from assessments.models import (
    Assessment,
    AssessmentCycle,
    DemocraticTally,
    DimensionScore,
    Grade,
    RaterAssignment,
)
from assessments.services import (
    MSG_NOT_ACKNOWLEDGED,
    MSG_NOTICE_NOT_OVER,
    MSG_NOTICE_TOO_SHORT,
    assessment_acknowledge,
    assessment_confirm,
    cycle_lock,
    cycle_start_notice,
)
from cadets.models import Trainee

from .builders import rate_all

MONDAY = dt.date(2026, 11, 23)


def _publish(aw, world, grade=Grade.EXCELLENT):
    staff, trainee = world.users["city_staff"], world.users["trainee"]
    rate_all(aw["own"], score=92)
    assessment_confirm(actor=staff, assessment=aw["own"], grade=grade)
    cycle = cycle_start_notice(
        actor=staff, cycle=aw["cycle_own"], starts_on=MONDAY, ends_on=MONDAY + dt.timedelta(4)
    )
    return cycle, staff, trainee


@pytest.fixture
def locked(aw, world):
    cycle, staff, trainee = _publish(aw, world)
    assessment_acknowledge(actor=trainee, assessment=Assessment.objects.get(pk=aw["own"].pk))
    return cycle_lock(actor=staff, cycle=cycle, today=MONDAY + dt.timedelta(days=5))


def test_a_notice_with_excellent_needs_five_working_days(aw, world):
    rate_all(aw["own"], score=92)
    staff = world.users["city_staff"]
    assessment_confirm(actor=staff, assessment=aw["own"], grade=Grade.EXCELLENT)
    with pytest.raises(ValidationError) as short:
        # Thursday to the next Tuesday: 4 working days across a weekend.
        cycle_start_notice(
            actor=staff,
            cycle=aw["cycle_own"],
            starts_on=dt.date(2026, 11, 26),
            ends_on=dt.date(2026, 12, 1),
        )
    assert short.value.messages == [str(MSG_NOTICE_TOO_SHORT.format(days=5, got=4))]


def test_locking_waits_for_the_notice_and_the_acknowledgement(aw, world):
    cycle, staff, trainee = _publish(aw, world)
    with pytest.raises(ValidationError) as early:
        cycle_lock(actor=staff, cycle=cycle, today=MONDAY + dt.timedelta(days=2))
    assert early.value.messages == [str(MSG_NOTICE_NOT_OVER.format(end=cycle.notice_ends_on))]
    with pytest.raises(ValidationError) as unacknowledged:
        cycle_lock(actor=staff, cycle=cycle, today=MONDAY + dt.timedelta(days=7))
    assert unacknowledged.value.messages == [str(MSG_NOT_ACKNOWLEDGED.format(left=1))]


def test_an_objection_counts_as_an_answer(aw, world):
    cycle, staff, trainee = _publish(aw, world)
    assessment_acknowledge(actor=trainee, assessment=aw["own"], objection="民主测评票数有误")
    cycle = cycle_lock(actor=staff, cycle=cycle, today=MONDAY + dt.timedelta(days=7))
    assert cycle.status == AssessmentCycle.Status.LOCKED
    assert Assessment.objects.get(pk=aw["own"].pk).objection == "民主测评票数有误"


@pytest.mark.parametrize(
    "change",
    [
        lambda a: DimensionScore.objects.filter(assignment__assessment=a).update(score=1),
        lambda a: RaterAssignment.objects.filter(assessment=a).update(comment="改"),
        lambda a: Assessment.objects.filter(pk=a.pk).update(grade=Grade.INCOMPETENT),
        lambda a: Assessment.objects.filter(pk=a.pk).update(staff_comment="改"),
        lambda a: DemocraticTally.objects.filter(assessment=a).update(votes=99),
        lambda a: DimensionScore.objects.filter(assignment__assessment=a).delete(),
        lambda a: AssessmentCycle.objects.filter(pk=a.cycle_id).update(status="open"),
    ],
    ids=["scores", "comments", "grade", "staff-comment", "tally", "delete", "unlock"],
)
def test_the_database_refuses_changes_to_a_locked_cycle(locked, aw, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        change(aw["own"])
    assert Assessment.objects.get(pk=aw["own"].pk).grade == Grade.EXCELLENT


def test_raw_sql_cannot_change_a_locked_score(locked, aw):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE assessments_dimensionscore SET score = 0")


def test_an_open_cycle_stays_writable(aw):
    rate_all(aw["own"], score=80)
    assert DimensionScore.objects.filter(assignment__assessment=aw["own"]).update(score=81)


def test_saving_a_row_of_a_locked_cycle_is_refused_by_the_model(locked, aw):
    assessment = Assessment.objects.get(pk=aw["own"].pk)
    assessment.staff_comment = "改"
    with pytest.raises(ValidationError):
        assessment.save()
    score = DimensionScore.objects.filter(assignment__assessment=assessment).first()
    with pytest.raises(ValidationError):
        score.save()


def test_a_cancelled_probation_cancels_the_hire_on_lock(aw, world):
    AssessmentCycle.objects.filter(pk=aw["cycle_own"].pk).update(
        kind=AssessmentCycle.Kind.PROBATION
    )
    staff, trainee = world.users["city_staff"], world.users["trainee"]
    rate_all(aw["own"], score=50)
    assessment_confirm(
        actor=staff,
        assessment=aw["own"],
        grade=Grade.INCOMPETENT,
        probation_decision=Assessment.ProbationDecision.CANCELLED,
    )
    cycle = cycle_start_notice(actor=staff, cycle=aw["cycle_own"], starts_on=MONDAY, ends_on=MONDAY)
    assessment_acknowledge(actor=trainee, assessment=aw["own"])
    cycle_lock(actor=staff, cycle=cycle, today=MONDAY + dt.timedelta(days=1))
    assert Trainee.objects.get(pk=world.own.pk).status == Trainee.Status.CANCELLED


def test_confirming_and_locking_each_write_one_audit_record(locked, aw):
    from audit.models import AuditEvent

    confirmed = AuditEvent.objects.get(action=AuditEvent.Action.ASSESSMENT_CONFIRMED)
    # The grade as people read it (issue 19: not its code "excellent").
    assert (confirmed.subject_id, confirmed.reason) == (str(aw["own"].pk), "优秀")
    lock = AuditEvent.objects.get(action=AuditEvent.Action.CYCLE_LOCKED)
    assert lock.subject_id == str(locked.pk)
