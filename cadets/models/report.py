"""工作纪实 / 月报 / 季报: the trainee's work reports, and the comments of mentor and unit."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import trainee_q

from ..text_limits import LONG_TEXT, SHORT_TEXT
from .trainee import Trainee


class ReportPolicy(models.Model):
    """How often trainees report; one row, `current()`."""

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    cadence = models.CharField(
        _("report cadence"), max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report rules")
        verbose_name_plural = _("report rules")

    def __str__(self) -> str:
        return str(_("report rules"))

    @classmethod
    def current(cls) -> ReportPolicy:
        policy = cls.objects.order_by("pk").first()
        return policy or cls.objects.create()

    @property
    def report_kind(self) -> str:
        return (
            WorkReport.Kind.MONTHLY
            if self.cadence == self.Cadence.MONTHLY
            else WorkReport.Kind.QUARTERLY
        )

    def last_period(self, today: dt.date) -> dt.date:
        """The first day of the last period that has ended by `today`."""
        return period_start(
            self.report_kind, period_start(self.report_kind, today) - dt.timedelta(1)
        )


def period_start(kind: str, day: dt.date) -> dt.date:
    """The first day of the month (or quarter, or year for field research) containing `day`;
    a log keeps its own day."""
    if kind == WorkReport.Kind.RESEARCH:
        return dt.date(day.year, 1, 1)
    if kind == WorkReport.Kind.QUARTERLY:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if kind == WorkReport.Kind.MONTHLY:
        return day.replace(day=1)
    return day


class WorkReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> WorkReportQuerySet:
        return self.filter(trainee_q(user, via="trainee"))


class WorkReport(models.Model):
    class Kind(models.TextChoices):
        LOG = "log", _("Work log")
        MONTHLY = "monthly", _("Monthly report")
        QUARTERLY = "quarterly", _("Quarterly report")
        # 国情调研: one a year (period: 1 January), due on the date of support's rules.
        RESEARCH = "research", _("Field research report (国情调研)")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("type of report"), max_length=10, choices=Kind.choices)
    period = models.DateField(
        _("period"), help_text=_("For a monthly or quarterly report, its first day.")
    )
    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"), max_length=LONG_TEXT)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    objects = WorkReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("work report")
        verbose_name_plural = _("work reports")
        ordering = ["-period", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "kind", "period"],
                condition=~Q(kind="log"),
                name="report_one_per_period",
                violation_error_message=_("A report for this period was already submitted."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "period"])]

    def __str__(self) -> str:
        return f"{self.trainee} {self.title}"


class ReportComment(models.Model):
    report = models.ForeignKey(
        WorkReport, verbose_name=_("work report"), on_delete=models.CASCADE,
        related_name="comments",
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    body = models.TextField(_("comment"), max_length=SHORT_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.body[:20]}"
