"""人文关怀 / 待遇保障: care records (visits and talks by leaders), difficulties a trainee faces
and who resolves them by when, and the entitlements (allowances, 周转房, health checks) each
trainee has under the programme's rules."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Role
from accounts.scoping import trainee_q
from cadets.models import Programme, Trainee

LONG_TEXT = 2000


def _staff_or_own(queryset, user, via: str = "trainee"):
    """Staff see the records of trainees in their scope, a trainee their own, a mentor none:
    care and support is the organisation's business, not the mentor's."""
    if not user.is_authenticated or user.role == Role.MENTOR and not user.is_superuser:
        return queryset.none()
    return queryset.filter(trainee_q(user, via=via))


class SupportSettings(models.Model):
    """The rules of care and support; one row, `current()`, editable by city staff."""

    difficulty_due_days = models.PositiveSmallIntegerField(
        _("days to resolve a difficulty"),
        default=14,
        help_text=_("The due date given to a newly raised difficulty."),
    )
    research_due_month = models.PositiveSmallIntegerField(
        _("field research report due (month)"), default=12
    )
    research_due_day = models.PositiveSmallIntegerField(
        _("field research report due (day)"), default=15
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("care and support rules")
        verbose_name_plural = _("care and support rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(research_due_month__gte=1, research_due_month__lte=12)
                & Q(research_due_day__gte=1, research_due_day__lte=28),
                name="support_research_due_valid",
                violation_error_message=_("Choose a month 1–12 and a day 1–28."),
            )
        ]

    def __str__(self) -> str:
        return str(_("care and support rules"))

    @classmethod
    def current(cls) -> SupportSettings:
        # Unsaved defaults until city staff first save the rules: reading (a sweep, a page)
        # never writes.
        return cls.objects.order_by("pk").first() or cls()

    def research_due_on(self, year: int) -> dt.date:
        return dt.date(year, self.research_due_month, self.research_due_day)


class CareRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> CareRecordQuerySet:
        if user.is_authenticated and user.role == Role.TRAINEE:
            return self.none()  # the file's notes on the trainee are the staff's
        return _staff_or_own(self, user)


class CareRecord(models.Model):
    """走访慰问 / 谈心谈话 by a leader of the unit or the organisation department."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit (走访慰问)")
        TALK = "talk", _("Talk with a leader (谈心谈话)")
        HOLIDAY = "holiday", _("Holiday greetings")

    class Level(models.TextChoices):
        UNIT = "unit", _("Receiving unit leader")
        COUNTY = "county", _("County organisation department leader")
        CITY = "city", _("City organisation department leader")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="care_records"
    )
    kind = models.CharField(_("kind of care"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    leader = models.CharField(_("leader"), max_length=50, help_text=_("Name and post."))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    summary = models.TextField(_("what was discussed or done"), max_length=LONG_TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = CareRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("care record")
        verbose_name_plural = _("care records")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.trainee} {self.get_kind_display()} {self.held_on}"


class DifficultyQuerySet(models.QuerySet):
    def visible_to(self, user) -> DifficultyQuerySet:
        return _staff_or_own(self, user)

    def open(self) -> DifficultyQuerySet:
        return self.filter(status=Difficulty.Status.OPEN)


class Difficulty(models.Model):
    """A difficulty raised by or for a trainee, owned by a staff member until it is resolved."""

    class Category(models.TextChoices):
        HOUSING = "housing", _("Housing")
        HEALTH = "health", _("Health")
        FAMILY = "family", _("Family")
        WORK = "work", _("Work conditions")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="difficulties"
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    description = models.TextField(_("the difficulty"), max_length=LONG_TEXT)
    raised_on = models.DateField(_("raised on"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
        related_name="owned_difficulties", null=True, blank=True,
        limit_choices_to={"role__in": [Role.CITY_STAFF, Role.COUNTY_STAFF, Role.UNIT_STAFF]},
    )  # fmt: skip
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolution = models.TextField(_("how it was resolved"), max_length=LONG_TEXT, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DifficultyQuerySet.as_manager()

    class Meta:
        verbose_name = _("difficulty")
        verbose_name_plural = _("difficulties")
        ordering = ["status", "due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", resolved_on__isnull=True)
                | Q(status="resolved", resolved_on__isnull=False),
                name="support_difficulty_resolved_has_date",
                violation_error_message=_("A resolved difficulty needs its date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} {self.get_category_display()} {self.raised_on}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today


class EntitlementType(models.Model):
    """A support the programme gives every trainee (an allowance, 周转房, the annual health
    check): rows per programme, editable by city staff."""

    class Kind(models.TextChoices):
        ALLOWANCE = "allowance", _("Allowance")
        HOUSING = "housing", _("Housing (周转房)")
        HEALTH_CHECK = "health", _("Annual health check")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE,
        related_name="entitlement_types",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50)
    standard = models.CharField(
        _("standard"), max_length=200, blank=True, help_text=_("E.g. 800 yuan a month.")
    )
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entitlement type")
        verbose_name_plural = _("entitlement types")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="support_entitlement_type_unique",
                violation_error_message=_("The programme already has an entitlement of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class EntitlementQuerySet(models.QuerySet):
    def visible_to(self, user) -> EntitlementQuerySet:
        return _staff_or_own(self, user)


class Entitlement(models.Model):
    """One trainee's state of one entitlement type."""

    class State(models.TextChoices):
        PENDING = "pending", _("Not yet in place")
        GRANTED = "granted", _("In place")
        SUSPENDED = "suspended", _("Suspended")
        NOT_APPLICABLE = "na", _("Not applicable")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="entitlements"
    )
    type = models.ForeignKey(
        EntitlementType, verbose_name=_("entitlement"), on_delete=models.PROTECT,
        related_name="entitlements",
    )  # fmt: skip
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = EntitlementQuerySet.as_manager()

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["type__kind", "type__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "type"],
                name="support_entitlement_unique",
                violation_error_message=_("The trainee already has this entitlement."),
            ),
            models.CheckConstraint(
                condition=~Q(state="granted") | Q(since__isnull=False),
                name="support_entitlement_granted_since",
                violation_error_message=_("Say since when the entitlement is in place."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} {self.type}"
