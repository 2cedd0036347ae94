from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OrgUnit
from accounts.scoping import trainee_q

from .. import crypto
from ..fields import DigestField, EncryptedCharField
from ..idnumber import (
    birth_date_of,
    mask_id_number,
    mask_phone,
    normalise_id_number,
    validate_id_number,
    validate_phone,
)

MSG_ID_TAKEN = _("Another trainee already has this ID number.")
MSG_BIRTH_MISMATCH = _("The birth date does not match the one in the ID number ({date}).")
MSG_TOWNSHIP_OUTSIDE_COUNTY = _("The township is not in the chosen county.")
MSG_VILLAGE_OUTSIDE_TOWNSHIP = _("The village is not in the chosen township.")
MSG_PARTY_DATE = _("Give the date of joining the Party for a Party member.")
MSG_REPORTED_BEFORE_BIRTH = _("The report date cannot be before the birth date.")
MSG_STATUS_TRANSITION = _("A trainee cannot go from “{old}” to “{new}”.")
MSG_TRAINING_ENDED = _(
    "{trainee}'s training has ended (status: {status}); no new rotation, plan, mentorship or "
    "assessment can be started for them."
)


class Programme(models.Model):
    """The rules of the training programme that vary by province (docs/domain.md): editable by city
    staff, seeded with the defaults. One row; `Programme.current()` returns it."""

    name = models.CharField(_("name"), max_length=100, default="选调生基层锻炼")
    training_months = models.PositiveSmallIntegerField(_("training period (months)"), default=24)
    probation_months = models.PositiveSmallIntegerField(_("probation (months)"), default=12)
    minimum_service_years = models.PositiveSmallIntegerField(
        _("minimum service (years)"), default=5
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme rules")
        verbose_name_plural = _("programme rules")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Programme:
        programme = cls.objects.order_by("pk").first()
        return programme or cls.objects.create()


class Cohort(models.Model):
    """录用批次: the trainees recruited in one year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("full name"), max_length=50)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name


class TraineeQuerySet(models.QuerySet):
    def visible_to(self, user) -> TraineeQuerySet:
        return self.filter(trainee_q(user))

    def in_training(self) -> TraineeQuerySet:
        """Trainees whose status has not ended (`Trainee.ENDED_STATUSES`)."""
        return self.exclude(status__in=Trainee.ENDED_STATUSES)

    def with_id_number(self, id_number: str) -> TraineeQuerySet:
        """Exact lookup by ID number: the column is sealed, so this goes through the digest."""
        value = normalise_id_number(id_number)
        return self.filter(id_number_digest=crypto.digest(value, context="id_number"))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the 31st of a shorter month becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


class Trainee(models.Model):
    """选调生: one graduate in grassroots training, with the record docs/domain.md lists."""

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class PoliticalStatus(models.TextChoices):
        PARTY_MEMBER = "party_member", _("CPC member")
        PROBATIONARY = "probationary", _("CPC probationary member")
        LEAGUE = "league", _("Communist Youth League member")
        MASSES = "masses", _("No party affiliation")
        DEMOCRATIC = "democratic", _("Democratic party member")

    class Education(models.TextChoices):
        BACHELOR = "bachelor", _("Undergraduate")
        MASTER = "master", _("Master's student")
        DOCTOR = "doctor", _("Doctoral student")

    class Degree(models.TextChoices):
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master")
        DOCTOR = "doctor", _("Doctor")

    class Stream(models.TextChoices):
        TARGETED = "targeted", _("Targeted selection")
        REGULAR = "regular", _("Regular selection")
        ELITE = "elite", _("Elite-university selection")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        TRAINING = "training", _("In grassroots training")
        COMPLETED = "completed", _("Training completed")
        TRANSFERRED = "transferred", _("Transferred out")
        RESIGNED = "resigned", _("Resigned")
        CANCELLED = "cancelled", _("Hire cancelled")

    # The status lifecycle: which status may follow which.
    STATUS_TRANSITIONS = {
        Status.TRAINING: {Status.COMPLETED, Status.TRANSFERRED, Status.RESIGNED, Status.CANCELLED},
        Status.COMPLETED: {Status.TRANSFERRED, Status.RESIGNED},
        Status.TRANSFERRED: set(),
        Status.RESIGNED: set(),
        Status.CANCELLED: set(),
    }
    # Statuses after which nothing new is started for the trainee (no rotation, plan,
    # mentorship or assessment): the one place for that rule, see `check_in_training`.
    ENDED_STATUSES = frozenset(
        {Status.COMPLETED, Status.TRANSFERRED, Status.RESIGNED, Status.CANCELLED}
    )

    name = models.CharField(_("full name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_date = models.DateField(_("birth date"))
    native_place = models.CharField(_("native place"), max_length=100, blank=True)
    # Sealed at rest (cadets/crypto.py); unique and looked up through the keyed digest.
    id_number = EncryptedCharField(_("ID number"), max_length=18, validators=[validate_id_number])
    id_number_digest = DigestField(source="id_number", unique=True, null=True)
    political_status = models.CharField(
        _("political status"), max_length=20, choices=PoliticalStatus.choices
    )
    party_joined_on = models.DateField(_("date joined the Party"), null=True, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    degree = models.CharField(_("degree"), max_length=20, choices=Degree.choices)
    school = models.CharField(_("school"), max_length=100)
    major = models.CharField(_("major"), max_length=100)
    stream = models.CharField(_("stream"), max_length=20, choices=Stream.choices)
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="trainees"
    )
    reported_on = models.DateField(_("date reported for duty"))
    probation_ends_on = models.DateField(_("probation ends on"), editable=False)
    training_ends_on = models.DateField(_("training ends on"), editable=False)
    county = models.ForeignKey(
        OrgUnit,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="county_trainees",
        limit_choices_to={"kind": OrgUnit.Kind.COUNTY},
    )
    township = models.ForeignKey(
        OrgUnit,
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="township_trainees",
        limit_choices_to={"kind": OrgUnit.Kind.TOWNSHIP},
    )
    village = models.ForeignKey(
        OrgUnit,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="village_trainees",
        null=True,
        blank=True,
        limit_choices_to={"kind": OrgUnit.Kind.VILLAGE},
    )
    # Days added to the training period, e.g. for long leave (cadets.leave_services).
    extension_days = models.PositiveSmallIntegerField(
        _("training extended by (days)"), default=0, editable=False
    )
    current_post = models.CharField(_("current post"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TRAINING
    )
    phone = EncryptedCharField(
        _("mobile phone"), max_length=11, blank=True, validators=[validate_phone]
    )
    phone_digest = DigestField(source="phone", null=True, blank=True, db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainee",
    )
    # Optimistic locking: an edit based on an older version is refused, not silently applied.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = TraineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["name", "pk"]
        permissions = [("reveal_sensitive", _("Can see full ID and phone numbers"))]
        indexes = [
            models.Index(fields=["county", "status"]),
            models.Index(fields=["township", "status"]),
            models.Index(fields=["cohort", "status"]),
            # The list's default order: a page of ids is read from this index alone
            # (LIMIT/OFFSET on the list order), checking the scope's county or township on the way.
            models.Index(
                fields=["name", "id"],
                include=["county", "township"],
                name="trainee_list_order",
            ),
            # The reminder sweep (cadets/reminders.py) looks these up by date range.
            models.Index(
                fields=["probation_ends_on"],
                condition=models.Q(status="training"),
                name="trainee_probation_due",
            ),
            models.Index(
                fields=["training_ends_on"],
                condition=models.Q(status="training"),
                name="trainee_training_due",
            ),
            # The yearly follow-up reminder (careers/reminders.py) asks, on every sweep, for the
            # trainees whose training ended in the follow-up years and who did not leave: half of
            # a province's trainees, read with their ids from this index alone, not off the rows.
            models.Index(
                fields=["training_ends_on"],
                include=["id"],
                condition=~models.Q(status__in=["resigned", "cancelled"]),
                name="trainee_follow_up_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probation_ends_on__gt=models.F("reported_on")),
                name="trainee_probation_after_report",
            ),
            models.CheckConstraint(
                condition=models.Q(training_ends_on__gt=models.F("reported_on")),
                name="trainee_training_after_report",
            ),
            models.CheckConstraint(
                condition=models.Q(reported_on__gt=models.F("birth_date")),
                name="trainee_reported_after_birth",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.id_number = self.id_number.upper()
        self.set_derived_dates()
        super().save(*args, **kwargs)

    def set_derived_dates(self, programme: Programme | None = None) -> None:
        if self.reported_on:
            programme = programme or Programme.current()
            self.probation_ends_on = add_months(self.reported_on, programme.probation_months)
            self.training_ends_on = add_months(
                self.reported_on, programme.training_months
            ) + dt.timedelta(days=self.extension_days or 0)

    def validate_unique(self, exclude=None) -> None:
        """Uniqueness of the ID number through its digest: the sealed column itself differs on
        every save, so Django's own unique check cannot see it (the digest constraint is the
        database's last word)."""
        super().validate_unique(exclude=exclude)
        if exclude and "id_number" in exclude:
            return
        if self.id_number and (
            Trainee.objects.with_id_number(self.id_number).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"id_number": [MSG_ID_TAKEN]})

    def clean(self) -> None:
        errors: dict[str, list] = {}
        id_birth = birth_date_of(self.id_number or "")
        if self.birth_date and id_birth and id_birth != self.birth_date:
            errors.setdefault("birth_date", []).append(
                MSG_BIRTH_MISMATCH.format(date=id_birth.isoformat())
            )
        if self.township_id and self.county_id and self.township.parent_id != self.county_id:
            errors.setdefault("township", []).append(MSG_TOWNSHIP_OUTSIDE_COUNTY)
        if self.village_id and self.township_id and self.village.parent_id != self.township_id:
            errors.setdefault("village", []).append(MSG_VILLAGE_OUTSIDE_TOWNSHIP)
        if (
            self.political_status
            in (self.PoliticalStatus.PARTY_MEMBER, self.PoliticalStatus.PROBATIONARY)
            and not self.party_joined_on
        ):
            errors.setdefault("party_joined_on", []).append(MSG_PARTY_DATE)
        if self.reported_on and self.birth_date and self.reported_on <= self.birth_date:
            errors.setdefault("reported_on", []).append(MSG_REPORTED_BEFORE_BIRTH)
        if errors:
            raise ValidationError(errors)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def has_ended(self) -> bool:
        return self.status in self.ENDED_STATUSES

    def check_in_training(self) -> None:
        """Raise ValidationError if the training has ended: every service that starts something
        for a trainee calls this (rotations, plans, mentorships, assessments)."""
        if self.has_ended:
            raise ValidationError(
                MSG_TRAINING_ENDED.format(trainee=self.name, status=self.get_status_display()),
                code="training_ended",
            )

    def allowed_next_statuses(self, current: str | None = None) -> set[str]:
        current = current or self.status
        return {current} | self.STATUS_TRANSITIONS[self.Status(current)]
