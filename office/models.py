"""One import of a spreadsheet: the stored upload, its progress and its report.

The uploaded file lives under MEDIA_ROOT/imports/ with a random name; tasks receive the job's id
only (never the file's content or personal data). `report` holds what the pages show: the errors
by row and column, a masked preview, and after the import the ids of what was created."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
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


# The dashboard's summaries (office.summaries): rows per unit, rebuilt by a Celery task ----------


class DashboardRefresh(models.Model):
    """One rebuild of the dashboard's summaries: when, and what the figures were counted with
    (the months of the heat map and whether each was past its due day, the required rotation
    categories), so that the page reads them from here rather than from the rules again."""

    refreshed_at = models.DateTimeField(_("as of"))
    today = models.DateField(_("day counted"))
    # [{"month": "2026-07-01", "due": true}, …] oldest first.
    months = models.JSONField(_("months"), default=list)
    # [{"id": 3, "name": "党政综合"}, …]: the required categories, in the rules' order.
    categories = models.JSONField(_("required categories"), default=list)

    class Meta:
        verbose_name = _("dashboard refresh")
        verbose_name_plural = _("dashboard refreshes")
        ordering = ["-refreshed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M}"


class TraineeTally(models.Model):
    """How many trainees a township (and village) has, per cohort and status."""

    county = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    township = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.CASCADE, related_name="+", null=True
    )
    cohort = models.ForeignKey("cadets.Cohort", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20)
    trainees = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("trainee tally")
        verbose_name_plural = _("trainee tallies")

    def __str__(self) -> str:
        return f"{self.township_id} {self.cohort_id} {self.status}: {self.trainees}"


class TownshipSummary(models.Model):
    """A township's rotation coverage and flagged mentoring records: trainees in training, how
    many of them have a coverage warning, how many have begun each required category."""

    county = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    township = models.OneToOneField("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    training = models.PositiveIntegerField(default=0)
    warned = models.PositiveIntegerField(default=0)
    # {"<category id>": trainees in training who have served or serve it}
    started = models.JSONField(default=dict)
    # Records of the heat map's months flagged "needs attention".
    flagged = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("township summary")
        verbose_name_plural = _("township summaries")

    def __str__(self) -> str:
        return f"{self.township_id}: {self.training}"


class MentoringTally(models.Model):
    """One mentor's pairings in one township over the heat map's six months (oldest first):
    how many ran in each month and how many of those have a submitted record of it."""

    county = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    township = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("mentors.Mentor", on_delete=models.CASCADE, related_name="+")
    paired0 = models.PositiveIntegerField(default=0)
    paired1 = models.PositiveIntegerField(default=0)
    paired2 = models.PositiveIntegerField(default=0)
    paired3 = models.PositiveIntegerField(default=0)
    paired4 = models.PositiveIntegerField(default=0)
    paired5 = models.PositiveIntegerField(default=0)
    done0 = models.PositiveIntegerField(default=0)
    done1 = models.PositiveIntegerField(default=0)
    done2 = models.PositiveIntegerField(default=0)
    done3 = models.PositiveIntegerField(default=0)
    done4 = models.PositiveIntegerField(default=0)
    done5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("mentoring tally")
        verbose_name_plural = _("mentoring tallies")

    def __str__(self) -> str:
        return f"{self.mentor_id} @ {self.township_id}"


class CycleTally(models.Model):
    """A township's assessments in one cycle, per grade ("" not yet confirmed)."""

    cycle = models.ForeignKey(
        "assessments.AssessmentCycle", on_delete=models.CASCADE, related_name="+"
    )
    # The cycle's, for the latest cycles first without a join.
    period_end = models.DateField()
    county = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    township = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(max_length=20, blank=True)
    assessments = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("cycle tally")
        verbose_name_plural = _("cycle tallies")
        indexes = [models.Index(fields=["-period_end", "-cycle"], name="office_cycletally_latest")]

    def __str__(self) -> str:
        return f"{self.cycle_id} @ {self.township_id} {self.grade}: {self.assessments}"


class DueEntry(models.Model):
    """One item of the dashboard's "due and overdue" as of the last refresh (office.due_list):
    what the reminder providers said was due within the dashboard's 14 days, or overdue, with
    its title in each language and the trainee's placement, so that the list reads a few rows
    in the viewer's scope instead of asking every provider. The page checks the items it shows
    against their providers' queries: one finished since leaves the list at once."""

    # The provider (notifications.due.Provider.name) and its row (DueRows.rows): None for an
    # item yielded one by one.
    provider = models.CharField(max_length=200)
    row_id = models.BigIntegerField(null=True)
    kind = models.CharField(max_length=64)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    period = models.CharField(max_length=32)
    due_on = models.DateField()
    overdue_since = models.DateField(null=True)
    # The day the lists go by: overdue_since for an overdue item, due_on for the others.
    shown_on = models.DateField()
    # {"zh-hans": "…", "en": "…"}: the item's title in each of settings.LANGUAGES.
    titles = models.JSONField(default=dict)
    # The link for staff reading the list (DueItem.url_for_others, stored).
    url = models.CharField(max_length=500)
    # The trainee's placement (the item's unit for an item yielded one by one), named as a
    # trainee's so that accounts.scoping.trainee_q keeps the entries in the viewer's scope.
    county = models.ForeignKey(
        "accounts.OrgUnit", null=True, on_delete=models.CASCADE, related_name="+"
    )
    township = models.ForeignKey(
        "accounts.OrgUnit", null=True, on_delete=models.CASCADE, related_name="+"
    )
    village = models.ForeignKey(
        "accounts.OrgUnit", null=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("due item")
        verbose_name_plural = _("due items")
        indexes = [models.Index(fields=["shown_on", "id"], name="due_entry_shown")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_id} {self.period}"

    @property
    def title(self) -> str:
        """The title in the reader's language."""
        titles = self.titles or {}
        return titles.get(get_language() or settings.LANGUAGE_CODE) or next(
            iter(titles.values()), ""
        )

    @property
    def unit(self):
        """The township where the item's chain starts (DueItem.unit)."""
        return self.township
