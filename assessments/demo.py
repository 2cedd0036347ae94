"""Demo assessments, as the city stands on 2026-11-26:

- 2025 annual assessment of the 2025 cohort (city): finished — 公示 done, acknowledged, locked;
- 2026-08 end-of-probation assessment of the 2025 cohort (city): locked, everyone 转正;
- 2026 Q3 routine assessment in 东湖县: in public notice; the demo `trainee` has to acknowledge;
- 2026 annual assessment per county: rating open until 2027-01-15. In 东湖县 most ratings are
  in and three 优秀 are confirmed (quota 4 of 20); the demo `mentor` still has to rate the demo
  `trainee`, who still has to write the self-report (述职).

Ratings are written in bulk (the services would run the same checks thousands of times); the
grades respect each cycle's 优秀 quota, and locking goes through the service.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from accounts.models import User

from . import scoring
from .models import (
    Assessment,
    AssessmentCycle,
    AssessmentTemplate,
    BallotBatch,
    DemocraticTally,
    DimensionScore,
    Grade,
    RaterAssignment,
    RaterKind,
)
from .selectors import assessment_results
from .services import cycle_create, cycle_lock


def seed(ctx: dict) -> None:
    if AssessmentCycle.objects.exists():
        return
    rng = random.Random(505)
    template = AssessmentTemplate.default()
    city, counties = ctx["city"], ctx["counties"]
    cohort_2025 = ctx["cohorts"][0] if ctx["cohorts"][0].year == 2025 else ctx["cohorts"][1]
    trainees = ctx["trainees"]
    first_2025 = [t for t in trainees if t.cohort_id == cohort_2025.pk]
    demo_trainee = next(t for t in trainees if t.user and t.user.username == "trainee")
    demo_mentor = User.objects.get(username="mentor")
    city_staff = User.objects.get(username="city")

    # Finished: the 2025 annual assessment and the end-of-probation assessment.
    annual_2025 = cycle_create(
        actor=None,
        name="2025年度考核",
        kind=AssessmentCycle.Kind.ANNUAL,
        jurisdiction=city,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        rating_deadline=dt.date(2026, 1, 20),
        template=template,
        trainees=first_2025,
    )
    probation = cycle_create(
        actor=None,
        name="2025届选调生试用期满考核",
        kind=AssessmentCycle.Kind.PROBATION,
        jurisdiction=city,
        period_start=dt.date(2025, 8, 1),
        period_end=dt.date(2026, 7, 31),
        rating_deadline=dt.date(2026, 8, 15),
        template=template,
        trainees=first_2025,
    )
    for cycle, notice in (
        (annual_2025, (dt.date(2026, 1, 26), dt.date(2026, 2, 3))),
        (probation, (dt.date(2026, 8, 20), dt.date(2026, 8, 28))),
    ):
        _rate_all(cycle, rng)
        _confirm(cycle, city_staff, rng)
        _notice(cycle, *notice)
        Assessment.objects.filter(cycle=cycle).update(acknowledged_at=_at(notice[1]))
        cycle_lock(actor=None, cycle=cycle, today=notice[1] + dt.timedelta(days=1))

    # In public notice: the 2026 Q3 routine assessment in the first county.
    first_county = counties[0]
    in_county = [t for t in trainees if t.county_id == first_county.pk]
    routine = cycle_create(
        actor=None,
        name=f"2026年第3季度平时考核（{first_county.name}）",
        kind=AssessmentCycle.Kind.ROUTINE,
        jurisdiction=first_county,
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        rating_deadline=dt.date(2026, 10, 20),
        template=template,
        trainees=in_county,
    )
    _rate_all(routine, rng)
    _confirm(routine, city_staff, rng)
    _notice(routine, dt.date(2026, 11, 23), dt.date(2026, 12, 1))
    Assessment.objects.filter(cycle=routine).exclude(trainee=demo_trainee).update(
        acknowledged_at=_at(dt.date(2026, 11, 24))
    )

    # Open: the 2026 annual assessment in each county.
    for county in counties:
        cycle = cycle_create(
            actor=None,
            name=f"2026年度考核（{county.name}）",
            kind=AssessmentCycle.Kind.ANNUAL,
            jurisdiction=county,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
            rating_deadline=dt.date(2027, 1, 15),
            template=template,
            trainees=[t for t in trainees if t.county_id == county.pk],
        )
        keep_open = RaterAssignment.objects.filter(
            assessment__cycle=cycle, rater__in=[demo_mentor, demo_trainee.user]
        )
        share = 0.9 if county == first_county else 0.4
        _rate_all(cycle, rng, share=share, skip=set(keep_open.values_list("pk", flat=True)))
        if county == first_county:
            _confirm(
                cycle,
                city_staff,
                rng,
                excellent=3,
                limit=6,
                skip={demo_trainee.pk},
            )


def _rate_all(cycle, rng, share: float = 1.0, skip: frozenset | set = frozenset()) -> None:
    """Submit `share` of the cycle's ratings with plausible scores, and democratic votes."""
    dimensions = list(cycle.template.dimensions.all())
    assignments = list(RaterAssignment.objects.filter(assessment__cycle=cycle).order_by("pk"))
    ability = {}
    scores, submitted = [], []
    for assignment in assignments:
        if assignment.pk in skip or rng.random() > share:
            continue
        base = ability.setdefault(assignment.assessment_id, rng.uniform(74, 95))
        for dimension in dimensions:
            value = min(
                100,
                max(0, base + rng.uniform(-5, 5) + (3 if assignment.kind == RaterKind.SELF else 0)),
            )
            scores.append(
                DimensionScore(
                    assignment=assignment, dimension=dimension, score=Decimal(f"{value:.1f}")
                )
            )
        assignment.comment = (
            "本期认真履职，完成了各项工作任务，群众评价较好。"
            if assignment.kind != RaterKind.SELF
            else "本人本期在乡镇党政办和村任职，参与了包村驻点和项目建设，按时完成各项任务。"
        )
        assignment.submitted_at = _at(min(cycle.rating_deadline, dt.date(2026, 11, 20)))
        submitted.append(assignment)
    DimensionScore.objects.bulk_create(scores)
    RaterAssignment.objects.bulk_update(submitted, ["comment", "submitted_at"])
    if share < 1:
        return
    batches = []
    for assessment_id, base in ability.items():
        issued = 20
        batches.append(
            BallotBatch(
                assessment_id=assessment_id,
                group=BallotBatch.Group.COLLEAGUES,
                issued=issued,
                issued_on=cycle.period_end,
            )
        )
        votes = {Grade.EXCELLENT: 0, Grade.COMPETENT: 0, Grade.BASIC: 0}
        for _ in range(issued - rng.randint(0, 3)):
            roll = rng.uniform(60, 100)
            grade = (
                Grade.EXCELLENT
                if roll < base - 5
                else Grade.COMPETENT
                if roll < base + 10
                else Grade.BASIC
            )
            votes[grade] += 1
        for grade, n in votes.items():
            DemocraticTally.objects.filter(assessment_id=assessment_id, grade=grade).update(
                votes=F("votes") + n
            )
    BallotBatch.objects.bulk_create(batches)


def _confirm(cycle, actor, rng, excellent: int | None = None, limit=None, skip=frozenset()):
    """Confirm the proposed grades, best first, keeping 优秀 within the quota."""
    assessments = list(cycle.assessments.exclude(trainee_id__in=skip))
    results = assessment_results(cycle, assessments)
    ranked = sorted(
        (a for a in assessments if results[a.pk].score is not None),
        key=lambda a: results[a.pk].score,
        reverse=True,
    )
    allowed = scoring.excellent_quota(cycle.assessments.count(), cycle.excellent_quota)
    if excellent is not None:
        allowed = min(allowed, excellent)
    for assessment in ranked[:limit]:
        result = results[assessment.pk]
        grade = result.proposed
        if grade == Grade.EXCELLENT:
            if allowed:
                allowed -= 1
            else:
                grade = Grade.COMPETENT
        elif excellent is not None and allowed:
            allowed -= 1
            grade = Grade.EXCELLENT
        assessment.grade = grade
        assessment.score = result.score
        assessment.confirmed_by = actor
        assessment.confirmed_at = _at(cycle.rating_deadline)
        assessment.staff_comment = (
            "政治坚定，工作扎实，群众认可。"
            if grade == Grade.EXCELLENT
            else "能够较好完成工作任务。"
        )
        if cycle.kind == AssessmentCycle.Kind.PROBATION:
            assessment.probation_decision = Assessment.ProbationDecision.CONFIRMED
        assessment.save()


def _notice(cycle, starts_on: dt.date, ends_on: dt.date) -> None:
    cycle.status = AssessmentCycle.Status.NOTICE
    cycle.notice_starts_on, cycle.notice_ends_on = starts_on, ends_on
    cycle.save(update_fields=["status", "notice_starts_on", "notice_ends_on"])


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
