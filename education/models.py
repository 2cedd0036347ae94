"""教育培训: courses and study sessions (岗前培训, 集中轮训, 初心使命教育, online study), who is
enrolled, who attended and completed, and the hours a trainee needs a year."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OrgUnit
from accounts.scoping import trainee_q, units_q
from cadets.models import Trainee

MSG_COURSE_ENDS_BEFORE = _("The last day cannot be before the first day.")
MSG_HOURS_OVER_COURSE = _("More hours than the course has ({hours}).")
MSG_HOURS_WITHOUT_COMPLETION = _("Hours count only for a completed course.")


class TrainingRules(models.Model):
    """The training rules of the programme: one row, `current()`, edited by city staff."""

    required_hours = models.DecimalField(
        _("training hours a trainee needs a year"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("40"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training rules")
        verbose_name_plural = _("training rules")

    def __str__(self) -> str:
        return str(_("training rules"))

    @classmethod
    def current(cls) -> TrainingRules:
        rules = cls.objects.order_by("pk").first()
        return rules or cls.objects.create()


class CourseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CourseQuerySet:
        """Staff see the courses organised in their unit's subtree; anyone sees a course that
        a trainee they can see is enrolled in (a city course, for county staff; their own, for
        a trainee)."""
        enrolled = Enrolment.objects.filter(trainee_q(user, via="trainee"), course=OuterRef("pk"))
        organised = Q(organiser_unit__in=OrgUnit.objects.filter(units_q(user)).values("pk"))
        return self.filter(organised | Exists(enrolled))


class Course(models.Model):
    class Kind(models.TextChoices):
        PRE_POST = "pre_post", _("Pre-post training (岗前培训)")
        ROTATION = "rotation", _("Concentrated rotational training (集中轮训)")
        MISSION = "mission", _("Original-aspiration education (初心使命教育)")
        ONLINE = "online", _("Online study")
        OTHER = "other", _("Other study session")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("500"))],
    )
    organiser = models.CharField(_("organiser"), max_length=100)
    # The unit whose staff run the course: scoping and the right to change it follow it.
    organiser_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="course_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": MSG_COURSE_ENDS_BEFORE})


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> EnrolmentQuerySet:
        return self.filter(trainee_q(user, via="trainee"))


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Attended and completed")
        PARTIAL = "partial", _("Attended in part")
        ABSENT = "absent", _("Did not attend")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments"
    )
    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(
        _("participation"), max_length=10, choices=Status.choices, default=Status.ENROLLED
    )
    hours = models.DecimalField(
        _("hours credited"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course", "trainee__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "trainee"], name="enrolment_once")]
        indexes = [models.Index(fields=["trainee", "status"])]

    def __str__(self) -> str:
        return f"{self.course} {self.trainee}"

    def clean(self) -> None:
        if self.hours and self.status in (self.Status.ENROLLED, self.Status.ABSENT):
            raise ValidationError({"hours": MSG_HOURS_WITHOUT_COMPLETION})
        if self.course_id and self.hours and self.hours > self.course.hours:
            raise ValidationError({"hours": MSG_HOURS_OVER_COURSE.format(hours=self.course.hours)})
