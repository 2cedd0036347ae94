"""Writes of the assessment process. Views call these; these check the rule again."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, Role, User
from accounts.scoping import PLACEMENT_LOOKUP
from audit.services import Action, audit_record
from cadets.locking import claim_edit
from cadets.models import Trainee
from mentors.models import Mentorship

from . import scoring
from .models import (
    SCORE_MAX,
    Assessment,
    AssessmentCycle,
    AssessmentTemplate,
    BallotBatch,
    BallotCode,
    DemocraticTally,
    Dimension,
    DimensionScore,
    Grade,
    Outcome,
    RaterAssignment,
    RaterKind,
)
from .selectors import assessment_results

MSG_DIMENSION_WEIGHTS = _("The dimension weights must add up to 100% (they add up to {total}%).")
MSG_SCORE_RANGE = _("Each score must be a number from 0 to 100.")
MSG_DEADLINE_PASSED = _("The rating deadline ({deadline}) has passed: the rating was not saved.")
MSG_NOT_OPEN = _("This assessment cycle is no longer open for rating.")
MSG_ALREADY_CONFIRMED = _("The grade is already confirmed: the rating can no longer change.")
MSG_QUOTA_EXCEEDED = _(
    "优秀 quota exceeded: this cycle assesses {n} trainees with a 优秀 quota of {quota}%, "
    "which allows {allowed} (n × quota rounded down, at least 1); {taken} already confirmed. "
    "The grade was not saved."
)
MSG_NO_SCORE = _("This assessment has no score yet: no rater has submitted.")
MSG_NOT_ALL_CONFIRMED = _("Confirm every grade before starting the public notice ({left} left).")
MSG_NOTICE_TOO_SHORT = _(
    "A public notice with 优秀 grades must last at least {days} working days "
    "(weekends excluded); this one has {got}."
)
MSG_NOTICE_NOT_OVER = _("The public notice runs until {end}: lock the cycle after it ends.")
MSG_NOT_ACKNOWLEDGED = _(
    "{left} trainee(s) have neither acknowledged the result nor recorded an objection."
)
MSG_NOT_IN_NOTICE = _("The result can be acknowledged during or after its public notice.")
MSG_ALREADY_ACKNOWLEDGED = _("You have already acknowledged this result.")
MSG_BALLOT_INVALID = _("This ballot code is not valid. Check the code on your ballot slip.")
MSG_BALLOT_USED = _("This ballot code has already been used: each code votes once.")
MSG_BALLOT_CLOSED = _("The democratic evaluation of this assessment has closed.")
MSG_BALLOT_COUNT = _("Issue between 1 and 500 ballots at a time.")
MSG_PERIOD = _("The period must end on or after its start.")
MSG_NO_TRAINEES = _("No trainee in training is placed under this jurisdiction.")
MSG_PROBATION_DECISION = _("Choose 转正 or 取消录用 for an end-of-probation assessment.")
MSG_POOL_REQUIRED = _("Choose the talent pool the trainee enters.")

NOTICE_MIN_WORKING_DAYS = 5
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 10
MAX_BALLOTS = 500


# Templates ------------------------------------------------------------------------------------


@transaction.atomic
def template_save(
    *,
    actor,
    template: AssessmentTemplate,
    dimensions: list[dict],
    expected_version: int | None = None,
) -> AssessmentTemplate:
    """Save a template and its dimensions. A version a cycle already uses is never changed:
    the edit becomes the next version, and cycles keep the one they started with."""
    if not actor.has_perm("assessments.manage_templates"):
        raise PermissionDenied
    total = sum(int(d["weight"]) for d in dimensions)
    if total != 100:
        raise ValidationError(MSG_DIMENSION_WEIGHTS.format(total=total))
    template.full_clean()
    claim_edit(template, expected_version)
    if template.pk and template.cycles.exists():
        previous = AssessmentTemplate.objects.select_for_update().get(pk=template.pk)
        previous.is_current = False
        previous.save(update_fields=["is_current"])
        template.pk = None  # saved as a new row: the new version
        template.version = previous.version + 1
        template.is_current = True
        template.created_by = actor
        template.save()
    else:
        if template.pk is None:
            template.created_by = actor
        template.save()
        template.dimensions.all().delete()
    for order, data in enumerate(dimensions):
        dimension = Dimension(template=template, order=order, **data)
        dimension.full_clean()
        dimension.save()
    return template


# Cycles ---------------------------------------------------------------------------------------


@transaction.atomic
def cycle_create(
    *,
    actor,
    name: str,
    kind: str,
    jurisdiction: OrgUnit,
    period_start: dt.date,
    period_end: dt.date,
    rating_deadline: dt.date,
    template: AssessmentTemplate | None = None,
    trainees=None,
    excellent_quota: int | None = None,
) -> AssessmentCycle:
    """A cycle with one assessment per trainee (by default every trainee in training placed
    under the jurisdiction) and its raters assigned."""
    if actor is not None and not actor.has_perm("assessments.manage_cycles"):
        raise PermissionDenied
    if period_end < period_start:
        raise ValidationError(MSG_PERIOD)
    template = template or AssessmentTemplate.default()
    if trainees is None:
        trainees = trainees_under(jurisdiction)
    trainees = list(trainees)
    if not trainees:
        raise ValidationError(MSG_NO_TRAINEES)
    for trainee in trainees:
        trainee.check_in_training()
    cycle = AssessmentCycle(
        name=name,
        kind=kind,
        template=template,
        jurisdiction=jurisdiction,
        period_start=period_start,
        period_end=period_end,
        rating_deadline=rating_deadline,
        excellent_quota=template.excellent_quota if excellent_quota is None else excellent_quota,
        created_by=actor,
    )
    cycle.full_clean()
    cycle.save()
    for trainee in trainees:
        assessment = Assessment.objects.create(cycle=cycle, trainee=trainee)
        _assign_raters(assessment, template, period_start)
    return cycle


def trainees_under(jurisdiction: OrgUnit):
    lookup = PLACEMENT_LOOKUP[jurisdiction.kind]
    return Trainee.objects.in_training().filter(**{lookup: jurisdiction.pk}).order_by("pk")


def cycles_generate(*, actor, jurisdiction: OrgUnit, today: dt.date) -> list[AssessmentCycle]:
    """Create the cycles that are due and missing (idempotent): this quarter's routine cycle,
    this year's annual cycle, and end-of-probation / end-of-training cycles for trainees whose
    date falls within 60 days before or after today and who are not yet in such a cycle."""
    if actor is not None and not actor.has_perm("assessments.manage_cycles"):
        raise PermissionDenied
    created: list[AssessmentCycle] = []
    trainees = list(trainees_under(jurisdiction))
    if not trainees:
        return created
    q_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    q_end = _month_end(q_start.year, q_start.month + 2)
    quarter = (today.month - 1) // 3 + 1
    plan = [
        (
            AssessmentCycle.Kind.ROUTINE,
            f"{today.year}年第{quarter}季度平时考核（{jurisdiction.name}）",
            q_start,
            q_end,
            trainees,
        ),
        (
            AssessmentCycle.Kind.ANNUAL,
            f"{today.year}年度考核（{jurisdiction.name}）",
            dt.date(today.year, 1, 1),
            dt.date(today.year, 12, 31),
            trainees,
        ),
    ]
    window = dt.timedelta(days=60)
    for kind, field, label in (
        (AssessmentCycle.Kind.PROBATION, "probation_ends_on", "试用期满考核"),
        (AssessmentCycle.Kind.COMPLETION, "training_ends_on", "期满考核"),
    ):
        already = set(
            Assessment.objects.filter(cycle__kind=kind).values_list("trainee_id", flat=True)
        )
        by_month: dict[tuple[int, int], list[Trainee]] = {}
        for trainee in trainees:
            day = getattr(trainee, field)
            if trainee.pk not in already and abs(day - today) <= window:
                by_month.setdefault((day.year, day.month), []).append(trainee)
        for (year, month), group in sorted(by_month.items()):
            plan.append(
                (
                    kind,
                    f"{year}年{month}月{label}（{jurisdiction.name}）",
                    dt.date(year, month, 1),
                    _month_end(year, month),
                    group,
                )
            )
    for kind, name, start, end, group in plan:
        exists = AssessmentCycle.objects.filter(
            kind=kind, jurisdiction=jurisdiction, period_start=start, period_end=end
        ).exists()
        if exists:
            continue
        created.append(
            cycle_create(
                actor=actor,
                name=name,
                kind=kind,
                jurisdiction=jurisdiction,
                period_start=start,
                period_end=end,
                rating_deadline=max(end, today) + dt.timedelta(days=30),
                trainees=group,
            )
        )
    return created


def _month_end(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _assign_raters(assessment: Assessment, template: AssessmentTemplate, since: dt.date) -> None:
    """Self-report: the trainee. Mentors: those mentoring during the period. Receiving unit:
    staff of the trainee's township. Organisation department: staff of the trainee's county."""
    weights = template.group_weights()
    trainee = assessment.trainee
    raters: dict[int, str] = {}
    if weights[RaterKind.ORG]:
        for pk in User.objects.filter(
            role=Role.COUNTY_STAFF, org_unit_id=trainee.county_id, is_active=True
        ).values_list("pk", flat=True):
            raters[pk] = RaterKind.ORG
    if weights[RaterKind.UNIT]:
        for pk in User.objects.filter(
            role=Role.UNIT_STAFF, org_unit_id=trainee.township_id, is_active=True
        ).values_list("pk", flat=True):
            raters[pk] = RaterKind.UNIT
    if weights[RaterKind.MENTOR]:
        mentor_users = Mentorship.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=since), trainee=trainee
        ).values_list("mentor__user_id", flat=True)
        for pk in mentor_users:
            raters[pk] = RaterKind.MENTOR
    if weights[RaterKind.SELF] and trainee.user_id:
        raters[trainee.user_id] = RaterKind.SELF
    RaterAssignment.objects.bulk_create(
        [
            RaterAssignment(assessment=assessment, kind=kind, rater_id=pk)
            for pk, kind in raters.items()
        ]
    )
    if weights[RaterKind.DEMOCRATIC]:
        DemocraticTally.objects.bulk_create(
            [DemocraticTally(assessment=assessment, grade=grade) for grade in Grade.values]
        )


# Rating ---------------------------------------------------------------------------------------


@transaction.atomic
def rating_submit(
    *, actor, assignment: RaterAssignment, scores: dict[str, object], comment: str, today=None
) -> RaterAssignment:
    """Save a rater's dimension scores and comment; resubmitting before the deadline replaces
    them. Out-of-scale scores, a passed deadline or a closed cycle save nothing."""
    if assignment.rater_id != actor.pk:
        raise PermissionDenied
    assessment = Assessment.objects.select_related("cycle").get(pk=assignment.assessment_id)
    cycle = assessment.cycle
    today = today or timezone.localdate()
    if cycle.status != AssessmentCycle.Status.OPEN:
        raise ValidationError(MSG_NOT_OPEN)
    if today > cycle.rating_deadline:
        raise ValidationError(MSG_DEADLINE_PASSED.format(deadline=cycle.rating_deadline))
    if assessment.is_confirmed:
        raise ValidationError(MSG_ALREADY_CONFIRMED)
    dimensions = list(cycle.template.dimensions.all())
    values = {}
    for dimension in dimensions:
        try:
            value = Decimal(str(scores[dimension.code]))
        except (KeyError, InvalidOperation):
            raise ValidationError(MSG_SCORE_RANGE) from None
        if not value.is_finite() or not (0 <= value <= SCORE_MAX):
            raise ValidationError(MSG_SCORE_RANGE)
        values[dimension] = value
    assignment.scores.all().delete()
    DimensionScore.objects.bulk_create(
        [DimensionScore(assignment=assignment, dimension=d, score=v) for d, v in values.items()]
    )
    assignment.comment = comment
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["comment", "submitted_at"])
    return assignment


# Democratic evaluation ------------------------------------------------------------------------


def hash_code(code: str) -> str:
    """A keyed hash of the normalised code: the database never holds a usable code."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def ballots_issue(
    *, actor, assessment: Assessment, group: str, count: int, today=None
) -> list[str]:
    """Issue `count` one-time codes; they are returned once, to be printed, and never stored."""
    if not actor.has_perm("assessments.confirm_grade"):
        raise PermissionDenied
    if not 1 <= count <= MAX_BALLOTS:
        raise ValidationError(MSG_BALLOT_COUNT)
    _check_ballots_open(assessment, today or timezone.localdate())
    batch = BallotBatch.objects.create(
        assessment=assessment,
        group=group,
        issued=count,
        issued_by=actor,
        issued_on=today or timezone.localdate(),
    )
    codes = [
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(count)
    ]
    BallotCode.objects.bulk_create([BallotCode(batch=batch, code_hash=hash_code(c)) for c in codes])
    return [f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in codes]


def ballot_lookup(code: str, today=None) -> Assessment:
    """The assessment a still-unused code votes on; refuses forged, used and closed codes."""
    ballot = (
        BallotCode.objects.filter(code_hash=hash_code(code))
        .select_related("batch__assessment__cycle", "batch__assessment__trainee")
        .first()
    )
    if ballot is None:
        raise ValidationError(MSG_BALLOT_INVALID, code="invalid")
    if ballot.used:
        raise ValidationError(MSG_BALLOT_USED, code="used")
    assessment = ballot.batch.assessment
    _check_ballots_open(assessment, today or timezone.localdate())
    return assessment


@transaction.atomic
def ballot_cast(*, code: str, grade: str, today=None) -> None:
    """Count one vote. The code is marked used by a conditional UPDATE, so of two concurrent
    uses only one counts; the vote only increments a counter (see models.DemocraticTally)."""
    if grade not in Grade.values:
        raise ValidationError(MSG_BALLOT_INVALID, code="invalid")
    assessment = ballot_lookup(code, today)
    claimed = BallotCode.objects.filter(code_hash=hash_code(code), used=False).update(used=True)
    if not claimed:
        raise ValidationError(MSG_BALLOT_USED, code="used")
    DemocraticTally.objects.filter(assessment=assessment, grade=grade).update(votes=F("votes") + 1)


def _check_ballots_open(assessment: Assessment, today: dt.date) -> None:
    cycle = assessment.cycle
    if (
        cycle.status != AssessmentCycle.Status.OPEN
        or today > cycle.rating_deadline
        or assessment.is_confirmed
    ):
        raise ValidationError(MSG_BALLOT_CLOSED, code="closed")


# Results --------------------------------------------------------------------------------------


@transaction.atomic
def assessment_confirm(
    *, actor, assessment: Assessment, grade: str, comment: str = "", probation_decision: str = ""
) -> Assessment:
    """The organisation department confirms a grade. More 优秀 than the cycle's quota allows
    is refused, with the numbers; the cycle row is locked so two confirmations queue."""
    if not actor.has_perm("assessments.confirm_grade"):
        raise PermissionDenied
    cycle = AssessmentCycle.objects.select_for_update().get(pk=assessment.cycle_id)
    if cycle.status != AssessmentCycle.Status.OPEN:
        raise ValidationError(MSG_NOT_OPEN)
    result = assessment_results(cycle, [assessment])[assessment.pk]
    if result.score is None:
        raise ValidationError(MSG_NO_SCORE)
    if grade == Grade.EXCELLENT:
        n = cycle.assessments.count()
        allowed = scoring.excellent_quota(n, cycle.excellent_quota)
        taken = cycle.assessments.filter(grade=Grade.EXCELLENT).exclude(pk=assessment.pk).count()
        if taken + 1 > allowed:
            raise ValidationError(
                MSG_QUOTA_EXCEEDED.format(
                    n=n, quota=cycle.excellent_quota, allowed=allowed, taken=taken
                ),
                code="quota",
            )
    if cycle.kind == AssessmentCycle.Kind.PROBATION:
        if probation_decision not in Assessment.ProbationDecision.values:
            raise ValidationError(MSG_PROBATION_DECISION)
        assessment.probation_decision = probation_decision
    assessment.grade = grade
    assessment.score = result.score
    assessment.staff_comment = comment
    assessment.confirmed_by = actor
    assessment.confirmed_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    # The grade as people read it (优秀), not its code.
    audit_record(
        action=Action.ASSESSMENT_CONFIRMED,
        actor=actor,
        subject=assessment,
        reason=str(Grade(grade).label),
    )
    return assessment


@transaction.atomic
def cycle_start_notice(
    *, actor, cycle: AssessmentCycle, starts_on: dt.date, ends_on: dt.date
) -> AssessmentCycle:
    """公示: every grade confirmed; with any 优秀, at least 5 working days."""
    if not actor.has_perm("assessments.close_cycle", cycle):
        raise PermissionDenied
    cycle = AssessmentCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != AssessmentCycle.Status.OPEN:
        raise ValidationError(MSG_NOT_OPEN)
    if ends_on < starts_on:
        raise ValidationError(MSG_PERIOD)
    left = cycle.assessments.filter(grade="").count()
    if left:
        raise ValidationError(MSG_NOT_ALL_CONFIRMED.format(left=left))
    days = scoring.working_days(starts_on, ends_on)
    if cycle.assessments.filter(grade=Grade.EXCELLENT).exists() and days < NOTICE_MIN_WORKING_DAYS:
        raise ValidationError(MSG_NOTICE_TOO_SHORT.format(days=NOTICE_MIN_WORKING_DAYS, got=days))
    cycle.status = AssessmentCycle.Status.NOTICE
    cycle.notice_starts_on, cycle.notice_ends_on = starts_on, ends_on
    cycle.save(update_fields=["status", "notice_starts_on", "notice_ends_on"])
    return cycle


@transaction.atomic
def assessment_acknowledge(*, actor, assessment: Assessment, objection: str = "") -> Assessment:
    """The trainee acknowledges the published result, or records an objection."""
    if not actor.has_perm("assessments.acknowledge", assessment):
        raise PermissionDenied
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.cycle.status != AssessmentCycle.Status.NOTICE:
        raise ValidationError(MSG_NOT_IN_NOTICE)
    if assessment.acknowledged_at:
        raise ValidationError(MSG_ALREADY_ACKNOWLEDGED)
    assessment.acknowledged_at = timezone.now()
    assessment.objection = objection.strip()
    assessment.save(update_fields=["acknowledged_at", "objection"])
    return assessment


@transaction.atomic
def cycle_lock(*, actor, cycle: AssessmentCycle, today=None) -> AssessmentCycle:
    """Lock a cycle after its notice: from now on the database refuses any change. The
    end-of-probation decisions take effect: 取消录用 sets the trainee's status."""
    if actor is not None and not actor.has_perm("assessments.close_cycle", cycle):
        raise PermissionDenied
    cycle = AssessmentCycle.objects.select_for_update().get(pk=cycle.pk)
    today = today or timezone.localdate()
    if cycle.status != AssessmentCycle.Status.NOTICE:
        raise ValidationError(MSG_NOT_IN_NOTICE)
    if today <= cycle.notice_ends_on:
        raise ValidationError(MSG_NOTICE_NOT_OVER.format(end=cycle.notice_ends_on))
    left = cycle.assessments.filter(acknowledged_at__isnull=True).count()
    if left:
        raise ValidationError(MSG_NOT_ACKNOWLEDGED.format(left=left))
    if cycle.kind == AssessmentCycle.Kind.PROBATION:
        cancelled = cycle.assessments.filter(
            probation_decision=Assessment.ProbationDecision.CANCELLED
        ).select_related("trainee")
        for assessment in cancelled:
            trainee = assessment.trainee
            if Trainee.Status.CANCELLED in trainee.allowed_next_statuses():
                trainee.status = Trainee.Status.CANCELLED
                trainee.save(update_fields=["status", "updated_at"])
    cycle.status = AssessmentCycle.Status.LOCKED
    cycle.locked_at = timezone.now()
    cycle.save(update_fields=["status", "locked_at"])
    audit_record(action=Action.CYCLE_LOCKED, actor=actor, subject=cycle)
    return cycle


# Outcomes -------------------------------------------------------------------------------------


@transaction.atomic
def outcome_record(*, actor, outcome: Outcome) -> Outcome:
    if not actor.has_perm("assessments.record_outcome"):
        raise PermissionDenied
    if outcome.kind == Outcome.Kind.TALENT_POOL and not outcome.pool:
        raise ValidationError({"pool": MSG_POOL_REQUIRED})
    if outcome.kind != Outcome.Kind.TALENT_POOL:
        outcome.pool = ""
    outcome.recorded_by = actor
    outcome.full_clean()
    outcome.save()
    return outcome
