"""Writes of the mentoring app. Views call these; these check the rule again."""

from __future__ import annotations

import datetime as dt

import rules
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cadets.locking import claim_edit

from .models import (
    Mentor,
    MentoringConfig,
    Mentorship,
    MonthlyFeedback,
    TalkRecord,
    month_start,
)

MSG_FUTURE_MONTH = _("Mentoring records cannot be made for a month that has not begun.")
MSG_MENTORSHIP_ENDED = _("This mentorship had ended before that month; no record can be made.")
MSG_MENTORSHIP_NOT_STARTED = _("This mentorship had not begun in that month.")
MSG_LOCKED = _("The records of this month are locked; they can no longer be changed.")
MSG_DIMENSIONS_REQUIRED = _("Fill in all four dimensions before submitting.")
MSG_TALK_REQUIRED = _("Give the date and form of the talk before submitting.")
MSG_FIELD_EMPTY = _("Fill in this field before submitting.")
MSG_TALK_DATE = _("The talk must be within the month, and not in the future.")
MSG_NOT_YOUR_MENTEE = _("You can only record talks with your current mentees.")
MSG_TALK_FUTURE = _("The talk cannot be in the future.")
MSG_END_BEFORE_START = _("A mentorship cannot end before it began.")
MSG_ALREADY_ENDED = _("This mentorship has already ended.")
MSG_USERNAME_TAKEN = _("This username is already taken.")


@transaction.atomic
def mentor_create(*, actor, username: str, password: str, mentor: Mentor) -> Mentor:
    """A mentor with a new sign-in account of the mentor role."""
    if not actor.has_perm("mentors.add_mentor"):
        raise PermissionDenied
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": MSG_USERNAME_TAKEN})
    user = User(username=username, full_name=mentor.name, role=Role.MENTOR)
    user.set_password(password)
    user.full_clean()
    user.save()
    mentor.user = user
    mentor.full_clean()
    mentor.save()
    return mentor


@transaction.atomic
def mentor_update(*, actor, mentor: Mentor, expected_version: int | None = None) -> Mentor:
    if not actor.has_perm("mentors.change_mentor", mentor):
        raise PermissionDenied
    mentor.full_clean()
    claim_edit(mentor, expected_version)
    mentor.save()
    if mentor.user.full_name != mentor.name:
        mentor.user.full_name = mentor.name
        mentor.user.save(update_fields=["full_name"])
    return mentor


@transaction.atomic
def mentorship_create(*, actor, mentorship: Mentorship) -> Mentorship:
    """Pair a trainee with a mentor. A new primary mentor takes over from the current one,
    who stays on as an ordinary mentor (one current primary: a database constraint)."""
    if not actor.has_perm("mentors.pair_mentor", mentorship.trainee):
        raise PermissionDenied
    mentorship.trainee.check_in_training()
    if mentorship.is_primary and mentorship.ends_on is None:
        # Rolled back with the rest if the new pairing turns out invalid.
        for previous in Mentorship.objects.select_for_update().filter(
            trainee=mentorship.trainee, is_primary=True, ends_on__isnull=True
        ):
            previous.is_primary = False
            previous.save(update_fields=["is_primary"])  # saved one by one: history kept
    mentorship.full_clean()
    mentorship.save()
    return mentorship


@transaction.atomic
def mentorship_end(*, actor, mentorship: Mentorship, ends_on: dt.date) -> Mentorship:
    if not actor.has_perm("mentors.pair_mentor", mentorship.trainee):
        raise PermissionDenied
    if mentorship.ends_on is not None:
        raise ValidationError(MSG_ALREADY_ENDED)
    if ends_on < mentorship.starts_on:
        raise ValidationError({"ends_on": MSG_END_BEFORE_START})
    mentorship.ends_on = ends_on
    mentorship.save(update_fields=["ends_on"])
    return mentorship


def can_write_feedback(user, mentorship: Mentorship) -> bool:
    """Only the mentor of the pairing writes its records — not even a superuser."""
    return rules.test_rule("mentors.write_feedback", user, mentorship)


@transaction.atomic
def feedback_save(
    *,
    actor,
    mentorship: Mentorship,
    month: dt.date,
    values: dict,
    submit: bool,
    today: dt.date | None = None,
) -> MonthlyFeedback:
    """Save the record of `month` as a draft, or submit it. Editable by its author until the
    month is locked (MentoringConfig.feedback_lock_day), then read-only."""
    today = today or timezone.localdate()
    if not can_write_feedback(actor, mentorship):
        raise PermissionDenied
    month = month_start(month)
    check_feedback_month(mentorship=mentorship, month=month, today=today)
    feedback = (
        MonthlyFeedback.objects.select_for_update()
        .filter(mentorship=mentorship, month=month)
        .first()
    ) or MonthlyFeedback(mentorship=mentorship, month=month, author=actor)
    for name, value in values.items():
        setattr(feedback, name, value)
    if not feedback.needs_attention:
        feedback.attention_reason = ""
    if submit or feedback.status == MonthlyFeedback.Status.SUBMITTED:
        _check_complete(feedback, month, today)
        if feedback.submitted_at is None:
            feedback.submitted_at = timezone.now()
        feedback.status = MonthlyFeedback.Status.SUBMITTED
    feedback.full_clean(validate_unique=False)
    feedback.save()
    return feedback


def check_feedback_month(*, mentorship: Mentorship, month: dt.date, today: dt.date) -> None:
    """Refuse a month in the future, outside the pairing, or already locked."""
    if month > month_start(today):
        raise ValidationError(MSG_FUTURE_MONTH, code="future")
    if mentorship.ends_on is not None and month > month_start(mentorship.ends_on):
        raise ValidationError(MSG_MENTORSHIP_ENDED, code="ended")
    if month < month_start(mentorship.starts_on):
        raise ValidationError(MSG_MENTORSHIP_NOT_STARTED, code="not_started")
    if MentoringConfig.current().is_locked(month, today):
        raise ValidationError(MSG_LOCKED, code="locked")


def _check_complete(feedback: MonthlyFeedback, month: dt.date, today: dt.date) -> None:
    """The banner says what is missing, and each empty field is marked itself (on a phone the
    banner scrolls away from the field that needs filling)."""
    empty = [name for name in MonthlyFeedback.DIMENSIONS if not getattr(feedback, name).strip()]
    if empty:
        errors = {NON_FIELD_ERRORS: [ValidationError(MSG_DIMENSIONS_REQUIRED, code="incomplete")]}
        errors.update({name: [ValidationError(MSG_FIELD_EMPTY, code="required")] for name in empty})
        raise ValidationError(errors)
    missing = [name for name in ("talk_on", "talk_form") if not getattr(feedback, name)]
    if missing:
        errors = {NON_FIELD_ERRORS: [ValidationError(MSG_TALK_REQUIRED, code="talk")]}
        errors.update(
            {name: [ValidationError(MSG_FIELD_EMPTY, code="required")] for name in missing}
        )
        raise ValidationError(errors)
    if feedback.talk_on > today or month_start(feedback.talk_on) != month:
        raise ValidationError({"talk_on": MSG_TALK_DATE})


@transaction.atomic
def talk_create(*, actor, talk: TalkRecord, today: dt.date | None = None) -> TalkRecord:
    today = today or timezone.localdate()
    if not actor.has_perm("mentors.add_talk", talk.trainee):
        raise PermissionDenied
    if actor.role == Role.MENTOR:
        is_current = (
            Mentorship.objects.current(today)
            .filter(trainee=talk.trainee, mentor__user=actor)
            .exists()
        )
        if not is_current:
            raise ValidationError(MSG_NOT_YOUR_MENTEE)
    if talk.held_on and talk.held_on > today:
        raise ValidationError({"held_on": MSG_TALK_FUTURE})
    talk.author = actor
    talk.full_clean()
    talk.save()
    return talk
