"""The append-only audit log (who did what to whose record, when — never the value itself).

On PostgreSQL a trigger (migration 0002) refuses every UPDATE, and every DELETE of an event
younger than the retention floor, for every database role including the application's: the
log cannot be rewritten through the application. Actors are stored as id + username rather
than a foreign key, so deleting a user never needs to touch the log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The trigger's floor: no event younger than this can be deleted, whatever the setting says.
RETENTION_FLOOR_DAYS = 180


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOCKOUT = "lockout", _("Account locked")
        ACCESS_DENIED = "access_denied", _("Access denied")
        REVEAL = "reveal", _("Sensitive value revealed")
        REVEAL_REFUSED = "reveal_refused", _("Reveal refused")
        EXPORT = "export", _("Data exported")
        IMPORT = "import", _("Data imported")
        PLAN_APPROVED = "plan_approved", _("Training plan approved")
        ASSESSMENT_CONFIRMED = "assessment_confirmed", _("Assessment grade confirmed")
        CYCLE_LOCKED = "cycle_locked", _("Assessment cycle locked")
        ROLE_CHANGED = "role_changed", _("Role changed")
        PLANNER_ACCEPTED = "planner_accepted", _("Rotation plan accepted")
        TRANSFER_DRAFTED = "transfer_drafted", _("Transfer drafted")
        TRANSFER_DECIDED = "transfer_decided", _("Transfer decided")
        FOLLOW_UP_CLOSED = "follow_up_closed", _("Follow-up closed")

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True, db_index=True)
    subject_type = models.CharField(_("subject type"), max_length=100, blank=True)
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True)
    subject_label = models.CharField(_("subject"), max_length=200, blank=True)
    field = models.CharField(_("field"), max_length=50, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["action", "occurred_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()}"

    @property
    def details_label(self) -> str:
        """What the `reason` column holds for this kind of event, for the log's details."""
        return str(DETAILS_LABELS.get(self.action, _("Details")))


DETAILS_LABELS = {
    AuditEvent.Action.REVEAL: _("Reason given"),
    AuditEvent.Action.REVEAL_REFUSED: _("Why refused"),
    AuditEvent.Action.EXPORT: _("Exported"),
    AuditEvent.Action.IMPORT: _("Imported"),
    AuditEvent.Action.ASSESSMENT_CONFIRMED: _("Grade"),
    AuditEvent.Action.ROLE_CHANGED: _("Role"),
    AuditEvent.Action.ACCESS_DENIED: _("Response status"),
    AuditEvent.Action.PLANNER_ACCEPTED: _("Rotations"),
}
