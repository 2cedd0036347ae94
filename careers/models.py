"""适时用: what becomes of trainees — transfers (有序流动), the yearly follow-up after the
training period (跟踪培养), post profiles and shortlists for matching trainees to posts
(人岗相适). The rules that vary by province are one `CareersConfig` row; the minimum service
period is the programme's (`cadets.Programme.minimum_service_years`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import OrgUnit
from accounts.scoping import trainee_q, units_q
from assessments.models import Grade
from cadets.models import Trainee
from rotations.models import KeyTask, PostCategory

MSG_FROM_NEEDED = _("Give where the trainee comes from: a unit, or a body outside the list.")
MSG_TO_NEEDED = _("Give where the trainee goes: a unit, or a body outside the list.")
MSG_BOTH_GIVEN = _("Choose a unit or write a body outside the list, not both.")
MSG_TO_UNIT_KIND = _("Choose a township or a village; write any other body in the text field.")
MSG_AGE_RANGE = _("The lowest age cannot be above the highest.")


class CareersConfig(models.Model):
    """The careers rules of the programme, editable by city staff. One row (`current()`)."""

    class ApprovalLevels(models.IntegerChoices):
        CITY = 1, _("The city organisation department approves")
        COUNTY_THEN_CITY = 2, _("The county organisation department reviews, then the city")

    transfer_approval_levels = models.PositiveSmallIntegerField(
        _("transfer approval"), choices=ApprovalLevels.choices, default=ApprovalLevels.CITY
    )
    follow_up_years = models.PositiveSmallIntegerField(
        _("follow-up after training (years)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    # A year's record is due this many days after the year ends (after the annual assessment).
    follow_up_due_days = models.PositiveSmallIntegerField(
        _("a year's follow-up record is due (days after the year ends)"),
        default=31,
        validators=[MaxValueValidator(180)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("careers rules")
        verbose_name_plural = _("careers rules")

    def __str__(self) -> str:
        return str(_("careers rules"))

    @classmethod
    def current(cls) -> CareersConfig:
        return cls.objects.order_by("pk").first() or cls.objects.create()

    def follow_up_due_on(self, year: int) -> dt.date:
        return dt.date(year, 12, 31) + dt.timedelta(days=self.follow_up_due_days)


# Transfers ----------------------------------------------------------------------------------


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user) -> TransferQuerySet:
        return self.filter(trainee_q(user, via="trainee"))


class Transfer(models.Model):
    """One move of a trainee (交流任职, 上挂, 下派, 调出, 调入, 辞职 …): drafted by the county,
    approved at the configured levels; accepted, it changes the placement (careers.services)."""

    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("Exchange posting (交流任职)")
        SECONDMENT_UP = "up", _("Secondment upwards (上挂)")
        SECONDMENT_DOWN = "down", _("Secondment downwards (下派)")
        OUT = "out", _("Transfer out (调出)")
        IN = "in", _("Transfer in (调入)")
        RESIGNATION = "resign", _("Resignation (辞职)")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        # With a context: other catalogues translate the bare words differently (已接受).
        ACCEPTED = "accepted", pgettext_lazy("transfer status", "Accepted")
        REFUSED = "refused", pgettext_lazy("transfer status", "Refused")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="transfers"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("from (unit)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_body = models.CharField(_("from (other body)"), max_length=100, blank=True)
    to_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("to (township or village)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_body = models.CharField(_("to (other body)"), max_length=100, blank=True)
    to_post = models.CharField(_("new post"), max_length=100, blank=True)
    effective_on = models.DateField(_("effective date"))
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    # Frozen when drafted: the approver sees the warning the drafter saw.
    early = models.BooleanField(_("before the minimum service period ends"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # How many approval levels are needed (the rule when drafted) and how many are done.
    levels_needed = models.PositiveSmallIntegerField(default=1, editable=False)
    levels_done = models.PositiveSmallIntegerField(default=0, editable=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-effective_on", "-pk"]
        indexes = [models.Index(fields=["status", "effective_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(levels_done__lte=models.F("levels_needed")),
                name="transfer_levels_done_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.get_kind_display()} · {self.effective_on}"

    @property
    def from_display(self) -> str:
        return str(self.from_unit) if self.from_unit_id else self.from_body

    @property
    def to_display(self) -> str:
        return str(self.to_unit) if self.to_unit_id else self.to_body

    @property
    def awaiting_level(self) -> int | None:
        """1-based level whose decision is awaited; None once decided."""
        if self.status != self.Status.PENDING:
            return None
        return self.levels_done + 1

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.from_unit_id and self.from_body:
            errors.setdefault("from_body", []).append(MSG_BOTH_GIVEN)
        if self.to_unit_id and self.to_body:
            errors.setdefault("to_body", []).append(MSG_BOTH_GIVEN)
        if not self.from_unit_id and not self.from_body:
            errors.setdefault("from_body", []).append(MSG_FROM_NEEDED)
        needs_destination = self.kind != self.Kind.RESIGNATION
        if needs_destination and not self.to_unit_id and not self.to_body:
            errors.setdefault("to_body", []).append(MSG_TO_NEEDED)
        if self.to_unit_id and self.to_unit.kind not in (
            OrgUnit.Kind.TOWNSHIP,
            OrgUnit.Kind.VILLAGE,
        ):
            errors.setdefault("to_unit", []).append(MSG_TO_UNIT_KIND)
        if errors:
            raise ValidationError(errors)


class TransferDecision(models.Model):
    """One approver's decision on one level of a transfer (the approval history)."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="decisions")
    level = models.PositiveSmallIntegerField(_("level"))
    approved = models.BooleanField(_("approved"))
    comment = models.CharField(pgettext_lazy("careers", "comment"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transfer decision")
        verbose_name_plural = _("transfer decisions")
        ordering = ["transfer", "level", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["transfer", "level"], name="transfer_decision_one_per_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.transfer} · {self.level}"


# Follow-up (跟踪培养) ------------------------------------------------------------------------


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user) -> FollowUpQuerySet:
        return self.filter(trainee_q(user, via="trainee"))


class FollowUp(models.Model):
    """A trainee's year after the training period: unit and post, rank, annual grade,
    promotion and notable work. One a year; due after the year ends (reminders.py)."""

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    unit = models.CharField(_("unit"), max_length=100)
    post = models.CharField(_("post"), max_length=100)
    rank = models.CharField(_("rank (职级)"), max_length=50, blank=True)
    annual_grade = models.CharField(
        _("annual assessment grade"), max_length=20, choices=Grade.choices, blank=True
    )
    promoted = models.BooleanField(_("promoted this year"), default=False)
    promotion = models.CharField(_("promotion"), max_length=200, blank=True)
    notable_work = models.TextField(_("notable work"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up record")
        verbose_name_plural = _("follow-up records")
        ordering = ["trainee", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "year"], name="followup_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.year}"


class FollowUpClosure(models.Model):
    """The follow-up of a trainee who left (辞职, 调出 outside the province) ends here."""

    trainee = models.OneToOneField(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="follow_up_end"
    )
    closed_on = models.DateField(_("closed on"))
    reason = models.CharField(_("reason"), max_length=200)
    transfer = models.ForeignKey(
        Transfer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("end of follow-up")
        verbose_name_plural = _("ends of follow-up")

    def __str__(self) -> str:
        return f"{self.trainee} · {self.closed_on}"


# Matching (人岗相适) -------------------------------------------------------------------------


class ProfileQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProfileQuerySet:
        """Profiles kept by the user's unit or a unit below it."""
        return self.filter(owner_unit__in=OrgUnit.objects.filter(units_q(user)).values("pk"))


class PostProfile(models.Model):
    """What a post needs (人岗相适): experience, grades, background. An empty criterion asks
    nothing; careers.matching ranks trainees against the rest."""

    class Scope(models.TextChoices):
        POOL = "pool", _("The talent pool")
        ALL = "all", _("All trainees in my scope")

    name = models.CharField(_("post"), max_length=100)
    description = models.TextField(_("what the post is about"), max_length=2000, blank=True)
    scope = models.CharField(_("look among"), max_length=10, choices=Scope.choices)
    categories = models.ManyToManyField(
        PostCategory,
        verbose_name=_("rotation experience in"),
        blank=True,
        related_name="+",
    )
    task_kinds = models.JSONField(_("front-line tasks of these kinds"), default=list, blank=True)
    min_grade = models.CharField(
        _("lowest grade in recent assessments"), max_length=20, choices=Grade.choices, blank=True
    )
    recent_assessments = models.PositiveSmallIntegerField(
        _("how many recent assessments"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    major_keywords = models.CharField(
        _("major contains one of (separated by commas)"), max_length=200, blank=True
    )
    educations = models.JSONField(_("education"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(_("age from"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("age to"), null=True, blank=True)
    political_statuses = models.JSONField(_("political status"), default=list, blank=True)
    counties = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("placed in the county"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": OrgUnit.Kind.COUNTY},
    )
    owner_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[])

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("post profile")
        verbose_name_plural = _("post profiles")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="postprofile_age_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": MSG_AGE_RANGE})
        unknown = set(self.task_kinds or []) - set(KeyTask.Kind.values)
        if unknown:
            raise ValidationError({"task_kinds": _("Unknown task kind.")})

    @property
    def keywords(self) -> list[str]:
        text = self.major_keywords.replace("，", ",").replace("、", ",")
        return [k.strip() for k in text.split(",") if k.strip()]


class ShortlistQuerySet(models.QuerySet):
    def visible_to(self, user) -> ShortlistQuerySet:
        return self.filter(profile__in=PostProfile.objects.visible_to(user).values("pk"))


class Shortlist(models.Model):
    """Trainees picked from a profile's ranked list, with the explanation they were picked on."""

    profile = models.ForeignKey(
        PostProfile, verbose_name=_("post profile"), on_delete=models.CASCADE,
        related_name="shortlists",
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    objects = ShortlistQuerySet.as_manager()

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.profile} · {self.created_at:%Y-%m-%d}"


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("rank"))
    matches = models.TextField(_("what matches"), max_length=4000, blank=True)
    lacks = models.TextField(_("what is lacking"), max_length=4000, blank=True)
    outcome_recorded = models.BooleanField(_("outcome recorded"), default=False)

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["shortlist", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shortlist", "trainee"], name="shortlist_entry_unique_trainee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shortlist} · {self.position}"
