"""Reminders: configuration, notifications, deliveries, the calendar feed and sweep runs.

The database is the source of truth (docs/architecture.md, principle 4): a Notification exists once
per (recipient, kind, subject, period), a Delivery once per channel and notification (or user
and day for a digest); Celery only carries ids between them.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OrgUnit

from .due import LeadTime


class ReminderSettings(models.Model):
    """Lead times and escalation thresholds: one row, editable by city staff."""

    # Lead times by LeadTime.key; a key not stored here uses the provider's default.
    lead_days = models.JSONField(_("lead times (days)"), default=dict, blank=True)
    escalate_unit_after_days = models.PositiveSmallIntegerField(
        _("tell the receiving unit after (days overdue)"), default=3
    )
    escalate_county_after_days = models.PositiveSmallIntegerField(
        _("tell the county organisation department after (days overdue)"), default=7
    )
    escalate_city_after_days = models.PositiveSmallIntegerField(
        _("tell the city organisation department after (days overdue)"), default=14
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("daily digest is sent after (hour)"), default=8, validators=[MaxValueValidator(23)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(_("reminder settings"))

    @classmethod
    def current(cls) -> ReminderSettings:
        config = cls.objects.order_by("pk").first()
        return config or cls.objects.create()

    def lead_days_for(self, lead: LeadTime) -> int:
        return int(self.lead_days.get(lead.key, lead.default_days))

    def escalation_thresholds(self) -> list[int]:
        """Days overdue after which each level of the chain is told, lowest level first."""
        return [
            self.escalate_unit_after_days,
            self.escalate_county_after_days,
            self.escalate_city_after_days,
        ]


class SweepRun(models.Model):
    """One run of the reminder sweep, for the operations page."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    today = models.DateField(_("date swept"))
    created_count = models.PositiveIntegerField(_("notifications created"), default=0)
    queued_count = models.PositiveIntegerField(_("deliveries queued"), default=0)
    requeued_count = models.PositiveIntegerField(_("deliveries queued again"), default=0)

    class Meta:
        verbose_name = _("sweep run")
        verbose_name_plural = _("sweep runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class Level(models.IntegerChoices):
    """Who a notification went to: the people the item is for, or a level of escalation."""

    DIRECT = 0, _("Directly responsible")
    UNIT = 1, _("Receiving unit")
    COUNTY = 2, _("County organisation department")
    CITY = 3, _("City organisation department")


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user) -> NotificationQuerySet:
        return self.filter(recipient=user) if user.is_authenticated else self.none()

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One reminder for one person: in-app always, by e-mail as their preference says."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=64)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    period = models.CharField(_("period"), max_length=32)
    escalation_level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, default=Level.DIRECT
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    # The township where the responsibility chain starts: staff above it may see the chain.
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    sweep = models.ForeignKey(
        SweepRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    # E-mail waits for the recipient's daily digest, and the digest that carried it.
    in_digest = models.BooleanField(default=False)
    digest = models.ForeignKey(
        "Delivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="digested"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id", "period"],
                name="notification_once_per_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # An item's notifications (the chain, done checks), and those of one kind and period
            # (the sweep's `notified`: an anti-join against every subject of the period). The
            # period before the subject bounds the period's range; the level in the index lets
            # the sweep read it alone.
            models.Index(
                fields=["kind", "subject_type", "period", "subject_id", "escalation_level"],
                name="notification_item",
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(in_digest=True, digest__isnull=True),
                name="notification_digest_waiting",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def siblings(self) -> NotificationQuerySet:
        """Every notification of the same item: the chain, level by level."""
        return Notification.objects.filter(
            kind=self.kind,
            subject_type_id=self.subject_type_id,
            subject_id=self.subject_id,
            period=self.period,
        )


class NotificationPreference(models.Model):
    """How a user wants to be told besides the in-app list, which is always on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField(_("also send e-mail"), default=True)
    daily_digest = models.BooleanField(
        _("one daily digest instead of single e-mails"), default=False
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def default_for(cls, user) -> NotificationPreference:
        """The preference of a user who never chose (not saved): staff above the township — the
        county and city organisation departments, told of what climbs the chain from many
        townships — get one daily digest; everybody else single e-mails. Each may switch on
        the preferences page."""
        from accounts.models import ORG_DEPARTMENT_ROLES

        return cls(user=user, daily_digest=user.role in ORG_DEPARTMENT_ROLES)


class Delivery(models.Model):
    """One e-mail to send: a single notification, or a user's daily digest.

    A task claims it with a conditional UPDATE (status pending, no live claim), so a
    redelivered task sends nothing; the sweep queues pending deliveries again when their task
    was lost."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        DIGEST = "digest", _("Daily digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # "email:<notification id>" or "digest:<user id>:<date>": one delivery per thing to send.
    key = models.CharField(max_length=64, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    notification = models.ForeignKey(
        Notification,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When its task was queued to run; for a retry, when the retry is due (after its backoff).
    queued_at = models.DateTimeField(_("queued"))
    # The first failure of the current run of attempts: retries stop NOTIFICATION_RETRY_PERIOD
    # after it. A permanent failure (a 5xx reply, such as no such mailbox) is never retried.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    permanent_failure = models.BooleanField(_("permanent failure"), default=False)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["queued_at"],
                condition=models.Q(status="pending"),
                name="delivery_pending",
            ),
            models.Index(
                fields=["-created_at"], condition=models.Q(status="failed"), name="delivery_failed"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class CalendarFeed(models.Model):
    """A user's private calendar URL. Only a hash of the token is stored: the URL is shown once,
    when it is made; revoking deletes the row, so the old URL answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
