"""One import of a spreadsheet: the stored upload, its progress and its report.

The uploaded file lives under MEDIA_ROOT/imports/ with a random name; tasks receive the job's id
only (never the file's content or personal data). `report` holds what the pages show: the errors
by row and column, a masked preview, and after the import the ids of what was created."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        """A job is its uploader's: the report names people of the uploader's scope only."""
        if not user.is_authenticated:
            return self.none()
        return self if user.is_superuser else self.filter(created_by=user)


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        TRAINEES = "trainees", _("Trainee roster")
        MENTORS = "mentors", _("Mentors")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Ready to import")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")

    # Statuses in which a task is working on the job: the page polls for progress.
    RUNNING = (Status.CHECKING, Status.IMPORTING)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    file = models.FileField(_("file"), upload_to="imports/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="importjob_progress_percent"
            ),
        ]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def errors(self) -> list[dict]:
        return self.report.get("errors", [])
