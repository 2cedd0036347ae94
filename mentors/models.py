from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OrgUnit, Role
from accounts.scoping import trainee_q, units_q
from cadets.locking import lock_version_field
from cadets.models import Trainee
from cadets.text_limits import SHORT_TEXT

MSG_UNKNOWN_TYPE = _("Choose one of the configured mentor types.")
MSG_MONTH_FIRST_DAY = _("A feedback month is stored as its first day.")
MSG_ATTENTION_REASON = _("Say why this trainee needs attention.")
MSG_TALK_IN_FUTURE = _("The talk cannot be in the future.")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


class MentoringConfig(models.Model):
    """The mentoring rules of the programme (docs/domain.md): editable by city staff,
    one row; `MentoringConfig.current()` returns it, created with the defaults."""

    feedback_due_day = models.PositiveSmallIntegerField(
        _("feedback due by day of the month"),
        default=25,
        help_text=_("A month's feedback not submitted by this day is overdue."),
    )
    feedback_lock_day = models.PositiveSmallIntegerField(
        _("feedback locked after day of the next month"),
        default=10,
        help_text=_("After this day of the following month a month's feedback is read-only."),
    )
    trainees_see_feedback = models.BooleanField(
        _("trainees see their mentors' feedback"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentoring rules")
        verbose_name_plural = _("mentoring rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_due_day__gte=1, feedback_due_day__lte=28),
                name="mentoringconfig_due_day_in_month",
            ),
            models.CheckConstraint(
                condition=Q(feedback_lock_day__gte=1, feedback_lock_day__lte=28),
                name="mentoringconfig_lock_day_in_month",
            ),
        ]

    def __str__(self) -> str:
        return str(_("mentoring rules"))

    @classmethod
    def current(cls) -> MentoringConfig:
        config = cls.objects.order_by("pk").first()
        return config or cls.objects.create()

    def due_date(self, month: dt.date) -> dt.date:
        return month.replace(day=self.feedback_due_day)

    def lock_date(self, month: dt.date) -> dt.date:
        """The last day on which the feedback of `month` may still be changed."""
        return next_month(month).replace(day=self.feedback_lock_day)

    def is_locked(self, month: dt.date, today: dt.date) -> bool:
        return today > self.lock_date(month)


DEFAULT_MENTOR_TYPES = [
    ("ideological", "思想导师"),
    ("joint", "联合导师"),
    ("practice", "实践导师"),
]


class MentorType(models.Model):
    """导师类型: the kinds of mentor a programme uses (思想导师, 实践导师, 联合导师 …).

    `Mentorship.kind` holds the `code`; the defaults are seeded by migration 0002 and match
    `Mentorship.Kind`, which stays as the names of the seeded codes."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("mentor type")
        verbose_name_plural = _("mentor types")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Code → name of every type, the seeded defaults included (one query)."""
        labels = dict(cls.objects.values_list("code", "name"))
        return labels or cls.ensure_defaults()

    @classmethod
    def ensure_defaults(cls) -> dict[str, str]:
        """Seed the default types if the table is empty (migration 0002 seeds them too, but a
        flushed test database has none)."""
        for order, (code, label) in enumerate(DEFAULT_MENTOR_TYPES, start=1):
            cls.objects.get_or_create(code=code, defaults={"name": label, "order": order})
        return dict(cls.objects.values_list("code", "name"))


class MentorQuerySet(models.QuerySet):
    def visible_to(self, user) -> MentorQuerySet:
        """Staff see the mentors of their subtree's units; a mentor sees themselves."""
        if user.is_superuser:
            return self
        if user.is_authenticated and user.is_org_staff and user.org_unit_id:
            return self.filter(unit__in=OrgUnit.objects.filter(units_q(user)))
        return self.filter(user=user) if user.is_authenticated else self.none()

    def with_load(self, today: dt.date) -> MentorQuerySet:
        """Annotate `load`: the number of pairings running on `today`."""
        return self.annotate(
            load=models.Count(
                "mentorships",
                filter=Q(mentorships__starts_on__lte=today)
                & (Q(mentorships__ends_on__isnull=True) | Q(mentorships__ends_on__gte=today)),
            )
        )


class Mentor(models.Model):
    """导师: an experienced official who mentors trainees, with a sign-in account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.PROTECT,
        related_name="mentor",
    )
    name = models.CharField(_("full name"), max_length=50)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="mentors"
    )
    position = models.CharField(_("position"), max_length=100)
    expertise = models.CharField(_("field of expertise"), max_length=100, blank=True)
    max_mentees = models.PositiveSmallIntegerField(_("maximum mentees"), default=3)
    lock_version = lock_version_field()  # optimistic locking of edits (cadets/locking.py)
    history = HistoricalRecords(excluded_fields=["lock_version"])

    objects = MentorQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MentorshipQuerySet(models.QuerySet):
    def visible_to(self, user) -> MentorshipQuerySet:
        return self.filter(trainee_q(user, via="trainee"))

    def current(self, today: dt.date) -> MentorshipQuerySet:
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today)


class Mentorship(models.Model):
    """A trainee ↔ mentor pairing of one type over a period; several may run at once, and one
    current pairing (no end date) is the primary one."""

    class Kind(models.TextChoices):
        # The seeded mentor types (MentorType rows); programmes may add more.
        IDEOLOGICAL = "ideological", _("Ideological mentor")
        JOINT = "joint", _("Joint mentor")
        PRACTICE = "practice", _("Practice mentor")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        Mentor, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentorships"
    )
    # The code of a MentorType. Not a foreign key so that `kind="practice"` keeps working for
    # the apps built on the foundation; `clean()` checks it against the configured types.
    kind = models.CharField(_("mentor type"), max_length=20)
    is_primary = models.BooleanField(_("primary mentor"), default=False)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["trainee", "-is_primary", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="mentorship_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["trainee"],
                condition=Q(is_primary=True, ends_on__isnull=True),
                name="mentorship_one_current_primary",
                violation_error_message=_("This trainee already has a current primary mentor."),
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "trainee"]),
            # The pairings running on a day (`current`, the monthly record's reminders): the
            # current ones, a fifth of a province's pairings and without an end date, are read
            # off this index instead of by a scan of every pairing there was.
            models.Index(fields=["ends_on"], name="mentorship_ends_on"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.trainee}"

    def clean(self) -> None:
        if self.kind and self.kind not in MentorType.labels():
            raise ValidationError({"kind": MSG_UNKNOWN_TYPE})

    def is_current(self, today: dt.date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)

    def covers_month(self, month: dt.date) -> bool:
        """Whether the pairing ran during some day of `month`."""
        return month_start(self.starts_on) <= month and (
            self.ends_on is None or month_start(self.ends_on) >= month
        )


class TalkForm(models.TextChoices):
    FACE = "face", _("Face to face")
    PHONE = "phone", _("Telephone")
    VISIT = "visit", _("Home or field visit")


class MonthlyFeedbackQuerySet(models.QuerySet):
    def visible_to(self, user) -> MonthlyFeedbackQuerySet:
        """Staff see the submitted feedback of trainees in their scope; a mentor sees their own
        feedback, drafts included, and no other mentor's; a trainee sees the submitted feedback
        about them only when the mentoring rules share it."""
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.MENTOR:
            return self.filter(mentorship__mentor__user=user)
        submitted = self.filter(status=MonthlyFeedback.Status.SUBMITTED)
        if user.role == Role.TRAINEE:
            if not MentoringConfig.current().trainees_see_feedback:
                return self.none()
            return submitted.filter(trainee_q(user, via="mentorship__trainee"))
        return submitted.filter(trainee_q(user, via="mentorship__trainee"))


class MonthlyFeedback(models.Model):
    """帮带记录: a mentor's record of one month — the talk and the four dimensions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    mentorship = models.ForeignKey(
        Mentorship,
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    talk_on = models.DateField(_("date of the talk"), null=True, blank=True)
    talk_form = models.CharField(
        _("form of the talk"), max_length=10, choices=TalkForm.choices, blank=True
    )
    thinking = models.TextField(_("guiding their thinking"), max_length=SHORT_TEXT, blank=True)
    work = models.TextField(_("coaching their work"), max_length=SHORT_TEXT, blank=True)
    conduct = models.TextField(_("tempering their conduct"), max_length=SHORT_TEXT, blank=True)
    life = models.TextField(_("caring for their daily life"), max_length=SHORT_TEXT, blank=True)
    remark = models.TextField(_("overall remark"), max_length=SHORT_TEXT, blank=True)
    needs_attention = models.BooleanField(_("needs attention"), default=False)
    attention_reason = models.CharField(_("reason for attention"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = MonthlyFeedbackQuerySet.as_manager()

    DIMENSIONS = ("thinking", "work", "conduct", "life")

    class Meta:
        verbose_name = _("monthly mentoring record")
        verbose_name_plural = _("monthly mentoring records")
        ordering = ["-month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "month"],
                name="feedback_one_per_mentorship_month",
                violation_error_message=_("This month already has a mentoring record."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="feedback_month_is_first_day"),
            models.CheckConstraint(
                condition=Q(needs_attention=False) | ~Q(attention_reason=""),
                name="feedback_attention_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["month", "status"]),
            models.Index(
                fields=["needs_attention", "month"],
                condition=Q(needs_attention=True),
                name="feedback_flagged_idx",
            ),
            # The flagged list under scoping walks trainees → pairings → their flagged records
            # (issue 9): a small index instead of every record of every pairing.
            models.Index(
                fields=["mentorship", "month"],
                condition=Q(needs_attention=True),
                name="feedback_flagged_pairing_idx",
            ),
            # The flagged list, newest first (mentors.views.flagged_list): the page is read
            # off this index in order, so a province's page does not sort every flagged record.
            models.Index(
                F("month").desc(),
                F("submitted_at").desc(),
                F("id").desc(),
                condition=Q(needs_attention=True, status="submitted"),
                name="feedback_flagged_recent_idx",
            ),
            # The reminders' "no submitted record of the month" (mentors.reminders): the
            # month's submitted records read off this index in one pass and hashed, instead of
            # one probe of the unique index per pairing of the province (issue 9: the sweep).
            models.Index(
                fields=["month", "mentorship"],
                condition=Q(status="submitted"),
                name="feedback_submitted_month_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} {self.month:%Y-%m}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": MSG_MONTH_FIRST_DAY})
        if self.needs_attention and not self.attention_reason.strip():
            raise ValidationError({"attention_reason": MSG_ATTENTION_REASON})


class TalkRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> TalkRecordQuerySet:
        """Staff see the talks of trainees in their scope; a mentor the talks they held;
        trainees do not see the file's talk notes."""
        if not user.is_authenticated or user.role == Role.TRAINEE:
            return self.none()
        if user.role == Role.MENTOR:
            return self.filter(author=user)
        return self.filter(trainee_q(user, via="trainee"))


class TalkRecord(models.Model):
    """谈心谈话: a talk with a trainee held by staff or a mentor, kept on the trainee's file."""

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="talks"
    )
    held_on = models.DateField(_("date of the talk"))
    form = models.CharField(_("form of the talk"), max_length=10, choices=TalkForm.choices)
    summary = models.TextField(_("what was discussed"), max_length=SHORT_TEXT)
    follow_up = models.TextField(_("follow-up"), max_length=SHORT_TEXT, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = TalkRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("talk record")
        verbose_name_plural = _("talk records")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.trainee} {self.held_on}"
