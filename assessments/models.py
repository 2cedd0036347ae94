"""Assessment (考核): templates (德能勤绩廉 rubric, rater weights, grade bands, 优秀 quota),
cycles, per-trainee assessments, rater assignments and their scores, democratic evaluation
(民主测评) ballots and tallies, and outcomes (placement, promotion, talent pool).

Design notes
- A template is a *version*: cycles point at the version they started with. Editing a version
  that a cycle uses makes a new version (services.template_save); the old one stays as it was.
- Democratic evaluation keeps voters anonymous by design: `BallotCode` stores only a keyed hash
  of each code and a `used` flag (no time); `DemocraticTally` is one counter per assessment and
  grade, incremented with an UPDATE. There is no vote row at all, so nothing — no foreign key,
  no row id order, no timestamp — can link a vote to a code or to a voter.
- A locked cycle is immutable: on PostgreSQL a trigger (migration 0002) refuses UPDATE and
  DELETE of its assessments, rater assignments, scores and tallies, and of the locked cycle
  row itself; on SQLite (the embedded default, which has no such trigger) `save()` and
  `delete()` refuse instead.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, Role
from accounts.scoping import trainee_q, units_q
from cadets.locking import lock_version_field
from cadets.models import Trainee
from cadets.text_limits import LONG_TEXT, SHORT_TEXT

SCORE_MAX = Decimal(100)
MSG_LOCKED = _("This assessment cycle is locked: its scores, grades and comments cannot change.")
MSG_WEIGHTS_SUM = _("The weights must add up to 100% (they add up to {total}%).")
MSG_BANDS_ORDER = _("The grade thresholds must fall: 优秀 > 称职 > 基本称职.")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASIC = "basic", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")


class RaterKind(models.TextChoices):
    SELF = "self", _("Self-report")
    MENTOR = "mentor", _("Mentors")
    UNIT = "unit", _("Receiving unit")
    ORG = "org", _("Organisation department")
    DEMOCRATIC = "democratic", _("Democratic evaluation")


# Raters who fill in a form; democratic evaluation is by ballot instead.
FORM_RATER_KINDS = [RaterKind.SELF, RaterKind.MENTOR, RaterKind.UNIT, RaterKind.ORG]


class AssessmentTemplate(models.Model):
    """One version of an assessment template. Versions of the same template share `family`."""

    family = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    is_current = models.BooleanField(_("current version"), default=True, editable=False)
    # Optimistic locking of edits (cadets/locking.py); `version` numbers the template's versions.
    lock_version = lock_version_field()
    name = models.CharField(_("name"), max_length=100)
    # Rater group weights in percent; a weight of 0 leaves the group out.
    weight_self = models.PositiveSmallIntegerField(_("self-report weight (%)"), default=20)
    weight_mentor = models.PositiveSmallIntegerField(_("mentors weight (%)"), default=20)
    weight_unit = models.PositiveSmallIntegerField(_("receiving unit weight (%)"), default=30)
    weight_org = models.PositiveSmallIntegerField(
        _("organisation department weight (%)"), default=10
    )
    weight_democratic = models.PositiveSmallIntegerField(
        _("democratic evaluation weight (%)"), default=20
    )
    # Grade bands: the lowest score of each grade; below `basic_min` is 不称职.
    excellent_min = models.DecimalField(
        _("优秀 from score"), max_digits=5, decimal_places=2, default=Decimal(90)
    )
    competent_min = models.DecimalField(
        _("称职 from score"), max_digits=5, decimal_places=2, default=Decimal(75)
    )
    basic_min = models.DecimalField(
        _("基本称职 from score"), max_digits=5, decimal_places=2, default=Decimal(60)
    )
    # How a democratic-evaluation vote for each grade turns into a score (a weighted mean).
    ballot_excellent = models.PositiveSmallIntegerField(_("score of a 优秀 vote"), default=100)
    ballot_competent = models.PositiveSmallIntegerField(_("score of a 称职 vote"), default=80)
    ballot_basic = models.PositiveSmallIntegerField(_("score of a 基本称职 vote"), default=60)
    ballot_incompetent = models.PositiveSmallIntegerField(_("score of a 不称职 vote"), default=30)
    excellent_quota = models.PositiveSmallIntegerField(
        _("优秀 quota (%)"), default=20, validators=[MaxValueValidator(100)]
    )
    min_turnout = models.PositiveSmallIntegerField(
        _("minimum ballot turnout (%)"),
        default=60,
        validators=[MaxValueValidator(100)],
        help_text=_("Below this share of issued ballots the democratic evaluation is left out."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="template_unique_version"),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(is_current=True),
                name="template_one_current_version",
            ),
            models.CheckConstraint(
                condition=Q(
                    weight_self__lte=100,
                    weight_mentor__lte=100,
                    weight_unit__lte=100,
                    weight_org__lte=100,
                    weight_democratic__lte=100,
                ),
                name="template_weights_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(
                    excellent_min__gt=models.F("competent_min"),
                    competent_min__gt=models.F("basic_min"),
                    basic_min__gte=0,
                    excellent_min__lte=100,
                ),
                name="template_bands_fall",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def group_weights(self) -> dict[str, int]:
        return {
            RaterKind.SELF: self.weight_self,
            RaterKind.MENTOR: self.weight_mentor,
            RaterKind.UNIT: self.weight_unit,
            RaterKind.ORG: self.weight_org,
            RaterKind.DEMOCRATIC: self.weight_democratic,
        }

    def grade_floors(self) -> list[tuple[str, Decimal]]:
        return [
            (Grade.EXCELLENT, self.excellent_min),
            (Grade.COMPETENT, self.competent_min),
            (Grade.BASIC, self.basic_min),
        ]

    def ballot_scores(self) -> dict[str, int]:
        return {
            Grade.EXCELLENT: self.ballot_excellent,
            Grade.COMPETENT: self.ballot_competent,
            Grade.BASIC: self.ballot_basic,
            Grade.INCOMPETENT: self.ballot_incompetent,
        }

    def clean(self) -> None:
        errors: dict[str, list] = {}
        total = sum(self.group_weights().values())
        if total != 100:
            errors.setdefault("weight_self", []).append(MSG_WEIGHTS_SUM.format(total=total))
        if not (
            self.excellent_min is not None
            and self.competent_min is not None
            and self.basic_min is not None
            and self.excellent_min > self.competent_min > self.basic_min >= 0
            and self.excellent_min <= SCORE_MAX
        ):
            errors.setdefault("excellent_min", []).append(MSG_BANDS_ORDER)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def default(cls) -> AssessmentTemplate:
        """The current version of the first template, created with docs/domain.md's defaults."""
        template = cls.objects.filter(is_current=True).order_by("pk").first()
        if template is None:
            template = cls.objects.create(name=str(_("德能勤绩廉综合考核")))
            for order, (code, name, descriptor) in enumerate(DEFAULT_DIMENSIONS):
                Dimension.objects.create(
                    template=template,
                    code=code,
                    name=name,
                    weight=20,
                    descriptor=descriptor,
                    order=order,
                )
        return template


DEFAULT_DIMENSIONS = [
    ("de", "德", "政治品质、道德品行、理想信念，对党忠诚"),
    ("neng", "能", "履职能力、群众工作能力、学习和解决实际问题的能力"),
    ("qin", "勤", "工作态度、责任心、出勤和吃苦精神"),
    ("ji", "绩", "完成工作任务的数量、质量、效率和实际成效"),
    ("lian", "廉", "遵守廉洁纪律、作风建设和生活作风"),
]


class Dimension(models.Model):
    """One dimension of a template's rubric (德, 能, 勤, 绩, 廉 by default)."""

    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=20)
    weight = models.PositiveSmallIntegerField(_("weight (%)"), validators=[MaxValueValidator(100)])
    descriptor = models.CharField(_("what it covers"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["template", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="dimension_unique_code"),
            models.CheckConstraint(condition=Q(weight__lte=100), name="dimension_weight_le_100"),
        ]

    def __str__(self) -> str:
        return self.name


class CycleQuerySet(models.QuerySet):
    def visible_to(self, user) -> CycleQuerySet:
        """Organisation staff see the cycles of their subtree and those covering their
        trainees; everyone else sees cycles through their assessments."""
        if user.is_superuser:
            return self
        # Correlated EXISTS, not IN (…): with the OR between them an IN cannot become a join,
        # and PostgreSQL would build the whole set of units (the subtree, level by level) to
        # look up one cycle.
        in_units = Q(Exists(OrgUnit.objects.filter(units_q(user), pk=OuterRef("jurisdiction_id"))))
        covering = Q(Exists(Assessment.objects.visible_to(user).filter(cycle=OuterRef("pk"))))
        if user.is_authenticated and user.is_org_staff:
            return self.filter(in_units | covering)
        return self.filter(covering)


class AssessmentCycle(models.Model):
    """考核周期: one round of assessment of some trainees under one jurisdiction."""

    class Kind(models.TextChoices):
        ROUTINE = "routine", _("Routine assessment")
        ANNUAL = "annual", _("Annual assessment")
        PROBATION = "probation", _("End-of-probation assessment")
        COMPLETION = "completion", _("End-of-training assessment")
        SPECIAL = "special", _("Special assessment")

    class Status(models.TextChoices):
        OPEN = "open", _("Rating")
        NOTICE = "notice", _("Public notice")
        LOCKED = "locked", _("Locked")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    template = models.ForeignKey(
        AssessmentTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    jurisdiction = models.ForeignKey(
        OrgUnit, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    rating_deadline = models.DateField(_("rating deadline"))
    # Copied from the template, so that a cycle may differ (configurable per cycle).
    excellent_quota = models.PositiveSmallIntegerField(
        _("优秀 quota (%)"), validators=[MaxValueValidator(100)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    notice_starts_on = models.DateField(_("public notice from"), null=True, blank=True)
    notice_ends_on = models.DateField(_("public notice to"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")
        ordering = ["-period_end", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="cycle_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(notice_starts_on__isnull=True)
                | Q(notice_ends_on__gte=models.F("notice_starts_on")),
                name="cycle_notice_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="notice") | Q(notice_starts_on__isnull=False),
                name="cycle_notice_has_dates",
            ),
            models.UniqueConstraint(
                fields=["kind", "jurisdiction", "period_start", "period_end"],
                condition=~Q(kind="special"),
                name="cycle_unique_period",
            ),
        ]
        # The reminder sweep looks up the open cycles by rating deadline (reminders.py).
        indexes = [
            models.Index(
                fields=["rating_deadline"],
                condition=Q(status="open"),
                name="cycle_open_deadline",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.pk and _cycle_locked(self.pk):
            raise ValidationError(MSG_LOCKED, code="locked")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and _cycle_locked(self.pk):
            raise ValidationError(MSG_LOCKED, code="locked")
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED

    @property
    def is_published(self) -> bool:
        """Results are published once the public notice starts."""
        return self.status in (self.Status.NOTICE, self.Status.LOCKED)


def _cycle_locked(cycle_id: int) -> bool:
    return AssessmentCycle.objects.filter(
        pk=cycle_id, status=AssessmentCycle.Status.LOCKED
    ).exists()


class LockedGuard(models.Model):
    """save()/delete() refuse a row of a locked cycle — the guard SQLite gets (PostgreSQL has
    the trigger, which also catches queryset updates and raw SQL)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        cycle_id = self.locked_cycle_id()
        if cycle_id and _cycle_locked(cycle_id):
            raise ValidationError(MSG_LOCKED, code="locked")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        cycle_id = self.locked_cycle_id()
        if cycle_id and _cycle_locked(cycle_id):
            raise ValidationError(MSG_LOCKED, code="locked")
        return super().delete(*args, **kwargs)

    def locked_cycle_id(self) -> int | None:  # pragma: no cover - overridden
        raise NotImplementedError


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssessmentQuerySet:
        """Staff see their trainees' assessments, a trainee their own, and a mentor only the
        assessments they are assigned to rate."""
        if user.is_authenticated and user.role == Role.MENTOR and not user.is_superuser:
            return self.filter(raters__rater=user)
        return self.filter(trainee_q(user, via="trainee"))


class Assessment(LockedGuard):
    """One trainee's assessment in one cycle: the confirmed grade, 公示 and acknowledgement."""

    class ProbationDecision(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed in post (转正)")
        CANCELLED = "cancelled", _("Hire cancelled (取消录用)")

    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="assessments"
    )
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    staff_comment = models.TextField(_("assessment comment"), max_length=SHORT_TEXT, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    objection = models.TextField(_("objection"), max_length=SHORT_TEXT, blank=True)
    probation_decision = models.CharField(
        _("probation decision"), max_length=20, choices=ProbationDecision.choices, blank=True
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["cycle", "trainee__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "trainee"], name="assessment_unique_trainee"),
            models.CheckConstraint(
                condition=Q(grade="") | Q(score__isnull=False, confirmed_at__isnull=False),
                name="assessment_grade_is_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="assessment_score_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.trainee}"

    def locked_cycle_id(self) -> int | None:
        return self.cycle_id

    @property
    def is_confirmed(self) -> bool:
        return bool(self.grade)


class RaterAssignment(LockedGuard):
    """Who rates an assessment, in which group; the self-report is the trainee's own."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="raters")
    kind = models.CharField(_("rater group"), max_length=20, choices=RaterKind.choices)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rater"),
        on_delete=models.PROTECT,
        related_name="assessment_assignments",
    )
    comment = models.TextField(_("comment"), max_length=LONG_TEXT, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rater assignment")
        verbose_name_plural = _("rater assignments")
        ordering = ["assessment", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "rater"], name="assignment_one_per_rater"
            ),
            models.CheckConstraint(
                condition=~Q(kind="democratic"), name="assignment_not_democratic"
            ),
        ]
        indexes = [models.Index(fields=["rater", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.rater}"

    def locked_cycle_id(self) -> int | None:
        return (
            Assessment.objects.filter(pk=self.assessment_id)
            .values_list("cycle_id", flat=True)
            .first()
        )


class DimensionScore(LockedGuard):
    assignment = models.ForeignKey(RaterAssignment, on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)],
    )

    class Meta:
        verbose_name = _("dimension score")
        verbose_name_plural = _("dimension scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "dimension"], name="score_one_per_dimension"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="score_in_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.score}"

    def locked_cycle_id(self) -> int | None:
        return (
            RaterAssignment.objects.filter(pk=self.assignment_id)
            .values_list("assessment__cycle_id", flat=True)
            .first()
        )


class BallotBatch(models.Model):
    """Ballot codes issued at once to one group of voters (colleagues, villagers) for one
    assessment. The codes themselves are shown once, when issued, and never stored."""

    class Group(models.TextChoices):
        COLLEAGUES = "colleagues", _("Colleagues")
        VILLAGERS = "villagers", _("Villagers")
        OTHER = "other", _("Other")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="batches")
    group = models.CharField(_("voter group"), max_length=20, choices=Group.choices)
    issued = models.PositiveSmallIntegerField(_("ballots issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("ballot batch")
        verbose_name_plural = _("ballot batches")
        ordering = ["assessment", "pk"]

    def __str__(self) -> str:
        return f"{self.get_group_display()} × {self.issued}"


class BallotCode(models.Model):
    """A one-time ballot code, kept only as a keyed hash. `used` has no time on purpose."""

    batch = models.ForeignKey(BallotBatch, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ballot code")
        verbose_name_plural = _("ballot codes")

    def __str__(self) -> str:
        return self.code_hash[:8]


class DemocraticTally(LockedGuard):
    """The anonymous count of democratic-evaluation votes for one grade of one assessment.

    A vote increments a counter; there is no row per vote, hence no link to a ballot code."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="tallies")
    grade = models.CharField(max_length=20, choices=Grade.choices)
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("democratic evaluation count")
        verbose_name_plural = _("democratic evaluation counts")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "grade"], name="tally_one_per_grade"),
        ]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} {self.votes}"

    def locked_cycle_id(self) -> int | None:
        return (
            Assessment.objects.filter(pk=self.assessment_id)
            .values_list("cycle_id", flat=True)
            .first()
        )


class OutcomeQuerySet(models.QuerySet):
    def visible_to(self, user) -> OutcomeQuerySet:
        return self.filter(trainee_q(user, via="trainee"))


class Outcome(models.Model):
    """What became of a trainee after training (适时用): placement, promotion, talent pool."""

    class Kind(models.TextChoices):
        PLACEMENT = "placement", _("Placement")
        PROMOTION = "promotion", _("Promotion")
        TALENT_POOL = "talent_pool", _("Entry to the talent pool")

    class Pool(models.TextChoices):
        EXCELLENT = "excellent", _("Outstanding trainees pool (优秀选调生库)")
        RESERVE = "reserve", _("Reserve cadres (后备干部)")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="outcomes"
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    kind = models.CharField(_("outcome"), max_length=20, choices=Kind.choices)
    pool = models.CharField(_("talent pool"), max_length=20, choices=Pool.choices, blank=True)
    post = models.CharField(_("post or unit"), max_length=100, blank=True)
    reason = models.TextField(_("reason"), max_length=SHORT_TEXT)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="talent_pool") | ~Q(pool=""), name="outcome_pool_named"
            ),
        ]
        # The talent pool asks, trainee by trainee, "is this one in the pool?": a small
        # partial index answers from the index alone (issue 9).
        indexes = [
            models.Index(
                fields=["trainee"], condition=Q(kind="talent_pool"), name="outcome_talent_pool"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.get_kind_display()}"


__all__ = [
    "Assessment",
    "AssessmentCycle",
    "AssessmentTemplate",
    "BallotBatch",
    "BallotCode",
    "DemocraticTally",
    "Dimension",
    "DimensionScore",
    "Grade",
    "Outcome",
    "RaterAssignment",
    "RaterKind",
]
