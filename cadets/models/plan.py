"""个性化培养方案: a trainee's individual training plan, in versions, with milestones.

Workflow of one version: the receiving unit drafts (DRAFT) and submits (SUBMITTED); the
organisation department approves (APPROVED) or returns it with comments (RETURNED → edited and
submitted again); the trainee acknowledges (ACKNOWLEDGED). An approved plan is never edited:
a change is a new version, drafted from the approved one, and the old version stays as it was.
The current plan is the newest approved or acknowledged version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import trainee_q
from cadets.locking import lock_version_field

from ..text_limits import LONG_TEXT, SHORT_TEXT
from .trainee import Trainee


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlanQuerySet:
        return self.filter(trainee_q(user, via="trainee"))


class TrainingPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by the trainee")

    OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
    IN_FORCE = (Status.APPROVED, Status.ACKNOWLEDGED)
    # The five parts the organisation department requires (docs/domain.md), in order.
    PARTS = ("goals", "duties", "tasks", "outcomes", "standards")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="plans"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    goals = models.TextField(_("training goals"), max_length=LONG_TEXT)
    duties = models.TextField(_("post duties"), max_length=LONG_TEXT)
    tasks = models.TextField(_("task requirements"), max_length=LONG_TEXT)
    outcomes = models.TextField(_("expected outcomes"), max_length=LONG_TEXT)
    standards = models.TextField(_("assessment standards"), max_length=LONG_TEXT)
    change_note = models.CharField(_("what changed and why"), max_length=200, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking of edits (cadets/locking.py); `version` is the plan's own numbering.
    lock_version = lock_version_field()
    history = HistoricalRecords(excluded_fields=["updated_at", "lock_version"])

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["trainee", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "version"], name="plan_unique_version"),
            # At most one version is being worked on at a time.
            models.UniqueConstraint(
                fields=["trainee"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="plan_one_open_version",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "acknowledged"])
                | Q(approved_at__isnull=False),
                name="plan_approved_has_date",
            ),
        ]
        # The reminder sweep finds the plans awaiting approval (cadets/reminders.py).
        indexes = [
            models.Index(
                fields=["submitted_at"],
                condition=Q(status="submitted"),
                name="plan_awaiting_approval",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} v{self.version}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_in_force(self) -> bool:
        return self.status in self.IN_FORCE


class PlanEvent(models.Model):
    """One step of a plan's workflow, with who, when and the comments (kept for good)."""

    class Action(models.TextChoices):
        DRAFTED = "drafted", _("drafted")
        SUBMITTED = "submitted", _("submitted for approval")
        RETURNED = "returned", _("returned for changes")
        APPROVED = "approved", _("approved")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comments"), max_length=SHORT_TEXT, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan} {self.action}"


class PlanMilestone(models.Model):
    """A dated milestone of a plan version; marked done with a note."""

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=100)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("note"), max_length=200, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]
        # The reminder sweep looks up open milestones by due date (cadets/reminders.py).
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(done_on__isnull=True), name="milestone_open_due"
            )
        ]

    def __str__(self) -> str:
        return self.title
