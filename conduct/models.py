"""容错纠错, 奖惩 and 典型案例: the tolerance cases of mistakes made in good faith, awards and
disciplinary records, and the exemplary cases the organisation department holds up.

Tolerance cases and disciplinary records are sensitive: only the organisation department (city
and county staff) sees them — receiving units, mentors and trainees get 404 — and every read is
written to the audit log (conduct/audit.py). Awards and exemplary cases are for all staff."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Role
from accounts.scoping import NOTHING, trainee_q
from cadets.models import Trainee, WorkReport
from rotations.models import KeyTask

LONG_TEXT = 2000
ORG_DEPARTMENT = (Role.CITY_STAFF, Role.COUNTY_STAFF)
STAFF = (Role.CITY_STAFF, Role.COUNTY_STAFF, Role.UNIT_STAFF)


def org_department_q(user, via: str = "trainee") -> Q:
    """The sensitive records' scope: the organisation department's trainees, nobody else's."""
    if not user.is_authenticated:
        return NOTHING
    if not user.is_superuser and user.role not in ORG_DEPARTMENT:
        return NOTHING
    return trainee_q(user, via=via)


class ConductSettings(models.Model):
    """One row, `current()`, editable by city staff."""

    trainees_see_exemplary = models.BooleanField(
        _("trainees may read the exemplary cases"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conduct rules")
        verbose_name_plural = _("conduct rules")

    def __str__(self) -> str:
        return str(_("conduct rules"))

    @classmethod
    def current(cls) -> ConductSettings:
        # Unsaved defaults until city staff first save the rules: reading (a sweep, a page)
        # never writes.
        return cls.objects.order_by("pk").first() or cls()


class ToleranceCondition(models.Model):
    """One condition of the local 容错 policy (e.g. 出于公心、未谋取私利); the list is rows."""

    text = models.CharField(_("condition"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tolerance condition")
        verbose_name_plural = _("tolerance conditions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class SensitiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(org_department_q(user))


class ToleranceCase(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Not yet decided")
        EXEMPT = "exempt", _("Tolerated, no liability (容错免责)")
        MITIGATED = "mitigated", _("Liability reduced (减轻)")
        REFUSED = "refused", _("Not tolerated (不予容错)")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE,
        related_name="tolerance_cases",
    )  # fmt: skip
    occurred_on = models.DateField(_("date of the mistake"))
    what_happened = models.TextField(_("what happened"), max_length=LONG_TEXT)
    conditions_met = models.ManyToManyField(
        ToleranceCondition, verbose_name=_("policy conditions met"), blank=True,
        related_name="+",
    )  # fmt: skip
    assessment = models.TextField(
        _("assessment against the policy"), max_length=LONG_TEXT, blank=True
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )  # fmt: skip
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    follow_up = models.TextField(_("corrective follow-up"), max_length=LONG_TEXT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[conditions_met])

    objects = SensitiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("tolerance case")
        verbose_name_plural = _("tolerance cases")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending", decided_on__isnull=True)
                | (~Q(decision="pending") & Q(decided_on__isnull=False)),
                name="conduct_tolerance_decided_on",
                violation_error_message=_("A decision needs its date, and only a decision."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} {self.occurred_on}"


class AwardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every level of staff, and the trainee their own; not mentors."""
        if user.is_authenticated and user.role == Role.MENTOR:
            return self.none()
        return self.filter(trainee_q(user, via="trainee"))


class Award(models.Model):
    class Kind(models.TextChoices):
        COMMENDATION = "commend", _("Commendation (嘉奖)")
        MERIT = "merit", _("Merit citation (记功)")
        PARTY_MEMBER = "party", _("Outstanding Communist Party member (优秀共产党员)")
        OUTSTANDING = "outstanding", _("Outstanding selected graduate (优秀选调生)")
        OTHER = "other", _("Other honour")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="awards"
    )
    kind = models.CharField(_("kind of award"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100, blank=True)
    awarded_on = models.DateField(_("date"))
    issued_by = models.CharField(_("issuing body"), max_length=100)
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-awarded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.trainee} {self.get_kind_display()} {self.awarded_on}"


class Discipline(models.Model):
    class Kind(models.TextChoices):
        ADMONITION = "admonish", _("Admonition talk (诫勉谈话)")
        NOTICE = "notice", _("Circulated criticism (通报批评)")
        PARTY = "party", _("Party disciplinary sanction (党纪处分)")
        GOVERNMENT = "govt", _("Government sanction (政务处分)")
        OTHER = "other", _("Other")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="discipline"
    )
    kind = models.CharField(_("kind of measure"), max_length=10, choices=Kind.choices)
    decided_on = models.DateField(_("date"))
    issued_by = models.CharField(_("issuing body"), max_length=100)
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    reason = models.TextField(_("grounds"), max_length=LONG_TEXT)
    effective_from = models.DateField(_("in effect from"))
    effective_until = models.DateField(_("in effect until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    objects = SensitiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("disciplinary record")
        verbose_name_plural = _("disciplinary records")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="conduct_discipline_period",
                violation_error_message=_("The effect period cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} {self.get_kind_display()} {self.decided_on}"

    def in_effect(self, today: dt.date) -> bool:
        return self.effective_from <= today and (
            self.effective_until is None or today <= self.effective_until
        )


class ExemplaryCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """All staff within their scope; trainees every case when the rules allow (the page is
        for learning from); mentors their mentees'."""
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.TRAINEE:
            if ConductSettings.current().trainees_see_exemplary:
                return self.all()
            return self.none()
        return self.filter(trainee_q(user, via="trainee"))


class ExemplaryCase(models.Model):
    """典型案例: a task, report or other record held up as an example, with a write-up."""

    class Source(models.TextChoices):
        TASK = "task", _("Front-line task")
        REPORT = "report", _("Work report")
        RECORD = "record", _("Other record")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE,
        related_name="exemplary_cases",
    )  # fmt: skip
    source = models.CharField(_("what is exemplary"), max_length=10, choices=Source.choices)
    key_task = models.ForeignKey(
        KeyTask, verbose_name=_("front-line task"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    report = models.ForeignKey(
        WorkReport, verbose_name=_("work report"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=100)
    write_up = models.TextField(_("write-up"), max_length=LONG_TEXT)
    marked_on = models.DateField(_("marked on"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    objects = ExemplaryCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemplary case")
        verbose_name_plural = _("exemplary cases")
        ordering = ["-marked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(key_task__isnull=True) | Q(report__isnull=True),
                name="conduct_exemplary_one_source",
                violation_error_message=_("Choose a task or a report, not both."),
            )
        ]

    def __str__(self) -> str:
        return self.title
