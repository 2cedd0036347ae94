from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OrgUnit
from accounts.scoping import trainee_q, units_q
from cadets.models import Trainee


class MentorQuerySet(models.QuerySet):
    def visible_to(self, user) -> MentorQuerySet:
        """Staff see the mentors of their subtree's units; a mentor sees themselves."""
        if user.is_superuser:
            return self
        if user.is_authenticated and user.is_org_staff and user.org_unit_id:
            return self.filter(unit__in=OrgUnit.objects.filter(units_q(user)))
        return self.filter(user=user) if user.is_authenticated else self.none()


class Mentor(models.Model):
    """导师: an experienced official who mentors trainees, with a sign-in account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.PROTECT,
        related_name="mentor",
    )
    name = models.CharField(_("full name"), max_length=50)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="mentors"
    )
    position = models.CharField(_("position"), max_length=100)
    expertise = models.CharField(_("field of expertise"), max_length=100, blank=True)
    max_mentees = models.PositiveSmallIntegerField(_("maximum mentees"), default=3)
    history = HistoricalRecords()

    objects = MentorQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MentorshipQuerySet(models.QuerySet):
    def visible_to(self, user) -> MentorshipQuerySet:
        return self.filter(trainee_q(user, via="trainee"))


class Mentorship(models.Model):
    """A trainee ↔ mentor pairing of one type over a period; several may run at once."""

    class Kind(models.TextChoices):
        IDEOLOGICAL = "ideological", _("Ideological mentor")
        JOINT = "joint", _("Joint mentor")
        PRACTICE = "practice", _("Practice mentor")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        Mentor, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentorships"
    )
    kind = models.CharField(_("mentor type"), max_length=20, choices=Kind.choices)
    is_primary = models.BooleanField(_("primary mentor"), default=False)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["trainee", "-is_primary", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="mentorship_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "trainee"])]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.trainee}"
