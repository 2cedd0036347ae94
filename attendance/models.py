"""考勤: the monthly attendance sheet of a receiving unit (township) and its rules.

A sheet is one version of one township's month. Township staff draft it, submit it, and it is
read-only from then on; a correction is a new version (with its reason) that starts as a copy
of the latest, so every earlier version stays as it was (docs/decisions/0017-attendance.md).
Days of leave are not typed: they come from the trainee's approved leave (cadets.LeaveRequest).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OrgUnit
from accounts.scoping import trainee_q, units_q
from cadets.models import Trainee

MSG_DAYS_OVER_MONTH = _(
    "Together these days come to {total}, more than the {days} days of the month."
)
MSG_REQUIRED_OVER_MONTH = _("A month has at most {days} days.")
MSG_NOT_FIRST_OF_MONTH = _("Give the month as its first day.")


class AttendanceRules(models.Model):
    """The attendance rules of the programme: one row, `current()`, edited by city staff."""

    required_days = models.PositiveSmallIntegerField(
        _("working days a month needs"),
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Township staff may change it on a sheet for a month with holidays."),
    )
    flag_any_absence = models.BooleanField(
        _("flag any day absent without leave (旷工)"), default=True
    )
    min_rate_percent = models.PositiveSmallIntegerField(
        _("flag attendance under (%)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    due_day = models.PositiveSmallIntegerField(
        _("sheet due on day of the next month"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance rules")
        verbose_name_plural = _("attendance rules")

    def __str__(self) -> str:
        return str(_("attendance rules"))

    @classmethod
    def current(cls) -> AttendanceRules:
        rules = cls.objects.order_by("pk").first()
        return rules or cls.objects.create()

    def due_on(self, month: dt.date) -> dt.date:
        """The day the sheet of `month` falls due: day N of the next month."""
        following = add_month(month)
        return following.replace(day=self.due_day)

    def flags(self, entry: AttendanceEntry, required_days: int) -> list[str]:
        """Why an entry is flagged (empty: not flagged)."""
        reasons = []
        if self.flag_any_absence and entry.absent_days:
            reasons.append(str(_("absent without leave")))
        rate = entry.rate(required_days)
        if rate is not None and rate < self.min_rate_percent:
            reasons.append(str(_("attendance under {n}%")).format(n=self.min_rate_percent))
        return reasons


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_month(month: dt.date, n: int = 1) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def days_in_month(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


class SheetQuerySet(models.QuerySet):
    def visible_to(self, user) -> SheetQuerySet:
        """A sheet belongs to a township, not to one trainee: staff whose unit's subtree holds
        the township see it (accounts.scoping.units_q); mentors and trainees see none."""
        return self.filter(township__in=OrgUnit.objects.filter(units_q(user)).values("pk"))

    def latest(self) -> SheetQuerySet:
        """The newest version of each township's month."""
        newer = AttendanceSheet.objects.filter(
            township=models.OuterRef("township"),
            month=models.OuterRef("month"),
            version__gt=models.OuterRef("version"),
        )
        return self.filter(~models.Exists(newer))


class AttendanceSheet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    township = models.ForeignKey(
        OrgUnit,
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
        related_name="attendance_sheets",
        limit_choices_to={"kind": OrgUnit.Kind.TOWNSHIP},
    )
    month = models.DateField(_("month"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    required_days = models.PositiveSmallIntegerField(
        _("working days"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)

    objects = SheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance sheet")
        verbose_name_plural = _("attendance sheets")
        ordering = ["-month", "township__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "month", "version"], name="attendance_sheet_version"
            ),
            # One draft at a time: a correction starts only once the last version is in.
            models.UniqueConstraint(
                fields=["township", "month"],
                condition=Q(status="draft"),
                name="attendance_one_draft",
            ),
        ]
        indexes = [models.Index(fields=["month", "township"])]

    def __str__(self) -> str:
        return f"{self.township} {self.month:%Y-%m} v{self.version}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": MSG_NOT_FIRST_OF_MONTH})
        if self.month and self.required_days and self.required_days > days_in_month(self.month):
            raise ValidationError(
                {"required_days": MSG_REQUIRED_OVER_MONTH.format(days=days_in_month(self.month))}
            )

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> EntryQuerySet:
        return self.filter(trainee_q(user, via="trainee"))


class AttendanceEntry(models.Model):
    """One trainee's line of a sheet."""

    sheet = models.ForeignKey(
        AttendanceSheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="entries"
    )
    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="attendance"
    )
    present_days = models.PositiveSmallIntegerField(_("days present (出勤)"), default=0)
    official_days = models.PositiveSmallIntegerField(
        _("days on official duty or in villages (公出/下村)"), default=0
    )
    # From approved leave (cadets.LeaveRequest), never typed: attendance/services.py fills it.
    leave_days = models.PositiveSmallIntegerField(
        _("days on leave (请假)"), default=0, editable=False
    )
    absent_days = models.PositiveSmallIntegerField(_("days absent without leave (旷工)"), default=0)
    late_count = models.PositiveSmallIntegerField(_("late or left early (迟到早退)"), default=0)
    remark = models.CharField(_("remark"), max_length=200, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance entry")
        verbose_name_plural = _("attendance entries")
        ordering = ["sheet", "trainee__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "trainee"], name="attendance_one_entry")
        ]

    def __str__(self) -> str:
        return f"{self.sheet} {self.trainee}"

    def clean(self) -> None:
        month = self.sheet.month if self.sheet_id else None
        if month is None:
            return
        total = self.present_days + self.official_days + self.leave_days + self.absent_days
        if total > days_in_month(month):
            raise ValidationError(
                MSG_DAYS_OVER_MONTH.format(total=total, days=days_in_month(month))
            )

    def rate(self, required_days: int) -> Decimal | None:
        """出勤率 in percent: days at work (出勤 + 公出/下村) of the working days that were not
        approved leave. None when the whole month was leave."""
        expected = required_days - self.leave_days
        if expected <= 0:
            return None
        at_work = min(self.present_days + self.official_days, expected)
        return (Decimal(100) * at_work / expected).quantize(Decimal("0.1"))
