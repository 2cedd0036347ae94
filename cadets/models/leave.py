"""请假 / 销假: leave requests, their approval chain and the return report.

Overlapping leave of one trainee is refused by `cadets.leave_services.leave_request` (which locks
the trainee row) and, on PostgreSQL, by the exclusion constraint `leave_no_overlap` that
migration 0002 adds with raw SQL: Django's ExclusionConstraint cannot live in `Meta` because
the embedded SQLite default could neither create nor validate it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Role
from accounts.scoping import trainee_q

from ..text_limits import SHORT_TEXT
from .trainee import Trainee

MSG_LEAVE_END_BEFORE_START = _("The last day of leave cannot be before the first day.")


class LeavePolicy(models.Model):
    """Leave rules of the programme that are not approval levels; one row, `current()`."""

    extend_training_after_days = models.PositiveSmallIntegerField(
        _("leave longer than this many days extends the training period"), default=30
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave rules")
        verbose_name_plural = _("leave rules")

    def __str__(self) -> str:
        return str(_("leave rules"))

    @classmethod
    def current(cls) -> LeavePolicy:
        policy = cls.objects.order_by("pk").first()
        return policy or cls.objects.create()


class LeaveApprovalLevel(models.Model):
    """One step of the approval chain: leave longer than `more_than_days` needs an approval by
    staff of `role`. The steps apply in `order`; seeded with the receiving unit for all leave and
    the county organisation department for leave of more than 3 days."""

    APPROVER_ROLES = [
        (Role.UNIT_STAFF.value, Role.UNIT_STAFF.label),
        (Role.COUNTY_STAFF.value, Role.COUNTY_STAFF.label),
        (Role.CITY_STAFF.value, Role.CITY_STAFF.label),
    ]

    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    role = models.CharField(_("approved by"), max_length=20, choices=APPROVER_ROLES)
    more_than_days = models.PositiveSmallIntegerField(_("for leave of more than (days)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave approval level")
        verbose_name_plural = _("leave approval levels")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_role_display()} (> {self.more_than_days})"

    @classmethod
    def chain_for(cls, days: int) -> list[str]:
        """The roles that approve a leave of `days` days, in order."""
        levels = list(cls.objects.all()) or cls.ensure_defaults()
        return [level.role for level in levels if days > level.more_than_days]

    @classmethod
    def ensure_defaults(cls) -> list[LeaveApprovalLevel]:
        """The seeded chain (migration 0002 seeds it too, but a flushed test database has
        none): the receiving unit for all leave, the county for more than 3 days."""
        for order, role, more_than in ((1, Role.UNIT_STAFF, 0), (2, Role.COUNTY_STAFF, 3)):
            cls.objects.get_or_create(
                order=order, defaults={"role": role, "more_than_days": more_than}
            )
        return list(cls.objects.all())


class LeaveRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> LeaveRequestQuerySet:
        return self.filter(trainee_q(user, via="trainee"))


class LeaveRequest(models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal leave")
        SICK = "sick", _("Sick leave")
        ANNUAL = "annual", _("Annual leave")
        MARRIAGE = "marriage", _("Marriage leave")
        MATERNITY = "maternity", _("Maternity leave")
        FAMILY_VISIT = "family_visit", _("Family-visit leave")
        BEREAVEMENT = "bereavement", _("Bereavement leave")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Withdrawn")
        RETURNED = "returned", _("Returned (report filed)")

    # Leave in these states occupies its days: another leave may not overlap it.
    ACTIVE_STATUSES = (Status.PENDING, Status.APPROVED, Status.RETURNED)

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="leave"
    )
    kind = models.CharField(_("type of leave"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    days = models.PositiveSmallIntegerField(_("days"), editable=False)
    reason = models.TextField(_("reason"), max_length=SHORT_TEXT)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    # The roles that must approve, fixed when the request is made so that a change of the
    # rules does not move a request that is already on its way.
    approval_chain = models.JSONField(_("approval chain"), default=list, editable=False)
    step = models.PositiveSmallIntegerField(_("approvals so far"), default=0, editable=False)
    returned_on = models.DateField(_("back at work on"), null=True, blank=True)
    return_note = models.TextField(_("return report"), max_length=SHORT_TEXT, blank=True)
    extension_days = models.PositiveSmallIntegerField(
        _("training extended by (days)"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = LeaveRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="leave_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=models.F("starts_on")),
                name="leave_return_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["trainee", "starts_on"]),
            models.Index(fields=["status", "starts_on"]),
            # Approved leave without a return report, by its last day (cadets/reminders.py).
            models.Index(
                fields=["ends_on"], condition=Q(status="approved"), name="leave_return_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} {self.get_kind_display()} {self.starts_on}–{self.ends_on}"

    def save(self, *args, **kwargs) -> None:
        if self.starts_on and self.ends_on:
            self.days = leave_days(self.starts_on, self.ends_on)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": MSG_LEAVE_END_BEFORE_START})

    @property
    def awaiting_role(self) -> str | None:
        """The role whose approval the request waits for, if it is pending."""
        if self.status != self.Status.PENDING or self.step >= len(self.approval_chain):
            return None
        return self.approval_chain[self.step]

    @property
    def awaiting_role_label(self) -> str:
        role = self.awaiting_role
        return str(Role(role).label) if role else ""


def leave_days(starts_on: dt.date, ends_on: dt.date) -> int:
    """Calendar days, both ends included (how the receiving units count leave)."""
    return (ends_on - starts_on).days + 1


class LeaveApproval(models.Model):
    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    leave = models.ForeignKey(
        LeaveRequest, verbose_name=_("leave request"), on_delete=models.CASCADE,
        related_name="approvals",
    )  # fmt: skip
    step = models.PositiveSmallIntegerField(_("step"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approver"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("leave approval")
        verbose_name_plural = _("leave approvals")
        ordering = ["leave", "step"]
        constraints = [
            models.UniqueConstraint(fields=["leave", "step"], name="leave_one_decision_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.leave_id} #{self.step} {self.decision}"
