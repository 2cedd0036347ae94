"""Posts (岗位), rotations (轮岗), front-line tasks (急难险重任务) and the rotation rules.

Date ranges: a rotation runs from `starts_on` to `ends_on`, **both days inclusive** — the way
people say "8月1日至10月31日". So [08-01, 10-31] and [11-01, …] touch without overlapping,
while [08-01, 10-31] and [10-31, …] share a day and clash. An empty `ends_on` is open-ended.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OrgUnit
from accounts.scoping import trainee_q, units_q
from cadets.locking import lock_version_field
from cadets.models import Trainee
from cadets.text_limits import LONG_TEXT, SHORT_TEXT

from .constraints import InclusiveDateRange, PostgresExclusionConstraint

MSG_END_BEFORE_START = _("The end date cannot be before the start date.")
MSG_VILLAGE_OUTSIDE_TOWNSHIP = _("The village is not in the post's township.")
MSG_VILLAGE_POST_NEEDS_VILLAGE = _("A village posting needs its village.")


# The defaults of docs/domain.md: (name, is_village, colour), in display order. The
# migration 0002 seeds the same list.
DEFAULT_CATEGORIES = [
    ("党政综合", False, "#c0392b"),
    ("党建群团", False, "#d35400"),
    ("经济发展", False, "#2471a3"),
    ("社会事务", False, "#7d3c98"),
    ("综合治理", False, "#17a589"),
    ("乡村振兴", False, "#229954"),
    ("村任职", True, "#b7950b"),
]


class PostCategory(models.Model):
    """A kind of post (党政综合, 乡村振兴, 村任职 …): a configurable list kept by city staff."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    is_village = models.BooleanField(
        _("village posting"),
        default=False,
        help_text=_("Posts of this category are in a village (村任职)."),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#6c757d",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1f77b4."))],
        help_text=_("The colour of this category's bars on the timeline."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post category")
        verbose_name_plural = _("post categories")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def ensure_defaults(cls) -> None:
        """Create the default categories that are missing (after a flush, on a fresh start)."""
        for order, (name, is_village, colour) in enumerate(DEFAULT_CATEGORIES, start=1):
            cls.objects.get_or_create(
                name=name,
                defaults={"is_village": is_village, "colour": colour, "sort_order": order * 10},
            )


class RotationRules(models.Model):
    """The rotation rules of the programme (docs/domain.md): one row, `current()`.

    The training length itself is `cadets.Programme.training_months`."""

    required_categories = models.ManyToManyField(
        PostCategory,
        verbose_name=_("required categories"),
        blank=True,
        related_name="+",
        help_text=_("Every trainee should serve once in a post of each of these categories."),
    )
    min_months_per_post = models.PositiveSmallIntegerField(
        _("minimum months per post"), default=3, validators=[MinValueValidator(1)]
    )
    max_months_per_post = models.PositiveSmallIntegerField(
        _("maximum months per post"), default=12, validators=[MinValueValidator(1)]
    )
    village_max_months = models.PositiveSmallIntegerField(
        _("maximum months of village postings"), default=24, validators=[MinValueValidator(1)]
    )
    # Optimistic locking of edits (cadets/locking.py).
    lock_version = lock_version_field()
    history = HistoricalRecords(m2m_fields=[required_categories], excluded_fields=["lock_version"])

    class Meta:
        verbose_name = _("rotation rules")
        verbose_name_plural = _("rotation rules")

    def __str__(self) -> str:
        return str(_("rotation rules"))

    def clean(self) -> None:
        if (
            self.min_months_per_post
            and self.max_months_per_post
            and self.min_months_per_post > self.max_months_per_post
        ):
            raise ValidationError(
                {"max_months_per_post": _("The maximum cannot be below the minimum.")}
            )

    @classmethod
    def current(cls) -> RotationRules:
        """The one row; created with the defaults (every active category required) if missing."""
        rules = cls.objects.order_by("pk").first()
        if rules is None:
            PostCategory.ensure_defaults()
            rules = cls.objects.create()
            rules.required_categories.set(PostCategory.objects.filter(is_active=True))
        return rules


class PostQuerySet(models.QuerySet):
    def visible_to(self, user) -> PostQuerySet:
        """Staff see the posts of their subtree; mentors and trainees see posts only through
        rotations."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if user.is_org_staff and user.org_unit_id:
            return self.filter(township__in=OrgUnit.objects.filter(units_q(user)))
        return self.none()


def post_label(name: str, village_name: str | None) -> str:
    """How a post is named on every page: its village first, when it has one."""
    return f"{village_name} · {name}" if village_name else name


class Post(models.Model):
    """岗位: a post in a township office, or in a village for village postings."""

    name = models.CharField(_("name"), max_length=60)
    category = models.ForeignKey(
        PostCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="posts"
    )
    township = models.ForeignKey(
        OrgUnit,
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="posts",
        limit_choices_to={"kind": OrgUnit.Kind.TOWNSHIP},
    )
    village = models.ForeignKey(
        OrgUnit,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="village_posts",
        null=True,
        blank=True,
        limit_choices_to={"kind": OrgUnit.Kind.VILLAGE},
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many trainees the post can hold at the same time."),
    )
    is_active = models.BooleanField(_("open"), default=True)
    description = models.TextField(_("duties"), max_length=SHORT_TEXT, blank=True)
    lock_version = lock_version_field()  # optimistic locking of edits (cadets/locking.py)
    history = HistoricalRecords(excluded_fields=["lock_version"])

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["township__code", "category__sort_order", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="post_capacity_positive"),
            models.UniqueConstraint(
                fields=["township", "name"],
                condition=Q(village__isnull=True),
                name="post_unique_name_in_township",
            ),
            models.UniqueConstraint(
                fields=["village", "name"],
                condition=Q(village__isnull=False),
                name="post_unique_name_in_village",
            ),
        ]

    def __str__(self) -> str:
        return post_label(self.name, self.village.name if self.village_id else None)

    def clean(self) -> None:
        if self.village_id and self.township_id and self.village.parent_id != self.township_id:
            raise ValidationError({"village": MSG_VILLAGE_OUTSIDE_TOWNSHIP})
        if self.category_id and self.category.is_village and not self.village_id:
            raise ValidationError({"village": MSG_VILLAGE_POST_NEEDS_VILLAGE})


class RotationQuerySet(models.QuerySet):
    def visible_to(self, user) -> RotationQuerySet:
        return self.filter(trainee_q(user, via="trainee"))

    def on(self, day: dt.date) -> RotationQuerySet:
        """Rotations running on `day` (both ends inclusive, an empty end open)."""
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day)

    def overlapping(self, starts_on: dt.date, ends_on: dt.date | None) -> RotationQuerySet:
        """Rotations sharing at least one day with [starts_on, ends_on] (None: open)."""
        queryset = self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        return queryset if ends_on is None else queryset.filter(starts_on__lte=ends_on)


class Rotation(models.Model):
    """One trainee in one post from `starts_on` to `ends_on` (inclusive; empty: open-ended).

    Written only through `rotations.services`; ending early or moving keeps the history."""

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="rotations"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="rotations"
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # A deliberate exception to the rules' minimum/maximum months, with its reason
    # (rotations.services); empty for a rotation within the rules.
    length_exception = models.CharField(
        _("reason for the length exception"), max_length=200, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = RotationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        ordering = ["trainee", "starts_on", "pk"]
        indexes = [
            models.Index(fields=["post", "starts_on"]),
            # The reminder sweep looks rotations up by their start and end (reminders.py).
            models.Index(fields=["starts_on"], name="rotation_starts_on"),
            models.Index(fields=["ends_on"], name="rotation_ends_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="rotation_ends_after_start",
            ),
            # A trainee is never in two posts at once: the database's word (PostgreSQL only).
            PostgresExclusionConstraint(
                name="rotation_no_overlap_per_trainee",
                expressions=[
                    ("trainee", RangeOperators.EQUAL),
                    (InclusiveDateRange("starts_on", "ends_on"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.period_display}"

    @property
    def period_display(self) -> str:
        end = self.ends_on.isoformat() if self.ends_on else _("open-ended")
        return f"{self.starts_on.isoformat()} – {end}"

    def is_current(self, today: dt.date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": MSG_END_BEFORE_START})


class KeyTaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> KeyTaskQuerySet:
        return self.filter(trainee_q(user, via="trainee"))


class KeyTask(models.Model):
    """A trainee's part in an urgent, hard or front-line task (急难险重任务 / 一线攻坚)."""

    class Kind(models.TextChoices):
        LAND = "land", _("Land acquisition and demolition")
        PROJECT = "project", _("Project construction")
        EMERGENCY = "emergency", _("Emergency response")
        VILLAGE_CONTACT = "village_contact", _("Village contact duty")
        GRID = "grid", _("Grid management")
        OTHER = "other", _("Other")

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Took part")
        LEAD = "lead", _("Led")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="key_tasks"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("task"), max_length=100)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("what the trainee did"), max_length=LONG_TEXT, blank=True)
    outcome = models.TextField(_("outcome"), max_length=SHORT_TEXT, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = KeyTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("front-line task")
        verbose_name_plural = _("front-line tasks")
        ordering = ["trainee", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="keytask_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": MSG_END_BEFORE_START})


def attachment_path(instance: KeyTaskAttachment, filename: str) -> str:
    # Never the uploaded name in the path: it may hold personal data; the name is kept in a field.
    suffix = Path(filename).suffix.lower()
    month = timezone.localdate().strftime("%Y%m")
    return f"keytasks/{instance.task.trainee_id}/{month}/{secrets.token_hex(12)}{suffix}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AttachmentQuerySet:
        return self.filter(trainee_q(user, via="task__trainee"))


class KeyTaskAttachment(models.Model):
    """A file for a front-line task, stored under MEDIA_ROOT and served through a scoped view."""

    task = models.ForeignKey(
        KeyTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=150)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class PlannerRunQuerySet(models.QuerySet):
    def for_user(self, user) -> PlannerRunQuerySet:
        """Runs the user may open: every trainee of the run's scope is visible to them. Checked
        per run by `rotations.planner_runs.get_run_for_user`; this narrows lists to runs the
        user started (a staff member's own work list)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(started_by=user)


class PlannerRun(models.Model):
    """One run of the rotation planner (rotations/planner/) for a set of trainees and a horizon,
    and its review: proposals that staff pin, remove, re-run, then accept or discard.

    Proposals are month ranges relative to `horizon_start` (`{"trainee", "post", "start",
    "end", "pinned"}`, `end` exclusive); they become rotations only when accepted, through
    `rotation_assign_batch`. Progress is written with `.update()` (no history row); status
    changes are saved and kept in the history."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        OPTIMAL = "optimal", _("Best plan found")
        FEASIBLE = "feasible", _("Plan found (may not be the best)")
        INFEASIBLE = "infeasible", _("No plan possible")
        UNKNOWN = "unknown", _("No plan found in time")
        FAILED = "failed", _("Failed")
        ACCEPTED = "accepted", _("Accepted")
        DISCARDED = "discarded", _("Discarded")

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    REVIEWABLE = (Status.OPTIMAL, Status.FEASIBLE)
    CLOSED = (Status.ACCEPTED, Status.DISCARDED)

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    scope_label = models.CharField(_("trainees"), max_length=200)
    trainee_ids = models.JSONField(_("trainee ids"), default=list)
    horizon_start = models.DateField(_("first month"))
    horizon_months = models.PositiveSmallIntegerField(
        _("months"), validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    started_at = models.DateTimeField(_("solver started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("solver finished"), null=True, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    best_bound = models.FloatField(_("best bound"), null=True, blank=True)
    gap = models.FloatField(_("gap"), null=True, blank=True)
    wall_time_s = models.FloatField(_("solve time (s)"), null=True, blank=True)
    proposals = models.JSONField(_("proposals"), default=list, blank=True)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    pins = models.JSONField(_("pinned proposals"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["progress"])

    objects = PlannerRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("planner run")
        verbose_name_plural = _("planner runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="plannerrun_progress_max"),
            models.CheckConstraint(
                condition=Q(horizon_start__day=1), name="plannerrun_horizon_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.scope_label}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_reviewable(self) -> bool:
        return self.status in self.REVIEWABLE
