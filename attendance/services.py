"""Writes of attendance sheets: start, fill, submit, correct. Views call these; these check
the rule again and keep the leave column in step with approved leave."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import units_q
from cadets.models import LeaveRequest, Trainee

from .models import (
    AttendanceEntry,
    AttendanceRules,
    AttendanceSheet,
    add_month,
    days_in_month,
)

MSG_NOT_A_TOWNSHIP = _("Attendance is kept by a township (receiving unit).")
MSG_FUTURE_MONTH = _("A month that has not begun has no attendance yet.")
MSG_SHEET_EXISTS = _("This month already has a sheet: open it from the list.")
MSG_NOT_DRAFT = _("This version was submitted and can no longer be changed; start a correction.")
MSG_NOT_LATEST = _("Only the latest version can be corrected.")
MSG_DRAFT_OPEN = _("A correction of this month is already being drafted.")
MSG_REASON_REQUIRED = _("Say why the sheet is corrected.")
MSG_NO_TRAINEES = _("No trainee in training is placed in this township for the month.")

# Leave that occupies its days: approved, or approved and reported back from.
TAKEN = (LeaveRequest.Status.APPROVED, LeaveRequest.Status.RETURNED)


def _check_fill(actor, sheet_or_none=None) -> None:
    if not actor.has_perm("attendance.fill_sheet", sheet_or_none):
        raise PermissionDenied


def _check_scope(actor, township: OrgUnit) -> None:
    if not OrgUnit.objects.filter(units_q(actor), pk=township.pk).exists():
        raise PermissionDenied


def month_trainees(township: OrgUnit, month: dt.date):
    """The trainees a township's sheet lists: placed there, in training, reported before the
    month ended."""
    return Trainee.objects.filter(
        township=township, status=Trainee.Status.TRAINING, reported_on__lt=add_month(month)
    )


def leave_days_by_trainee(trainee_ids, month: dt.date) -> dict[int, int]:
    """Working days (Monday to Friday) of approved leave in `month`, per trainee: the sheet's
    请假 column, never typed twice (one query)."""
    last = month.replace(day=days_in_month(month))
    days: dict[int, int] = {}
    leave = LeaveRequest.objects.filter(
        trainee_id__in=list(trainee_ids), status__in=TAKEN, starts_on__lte=last, ends_on__gte=month
    ).values_list("trainee_id", "starts_on", "ends_on")
    for trainee_id, starts_on, ends_on in leave:
        day, end = max(starts_on, month), min(ends_on, last)
        while day <= end:
            if day.weekday() < 5:
                days[trainee_id] = days.get(trainee_id, 0) + 1
            day += dt.timedelta(days=1)
    return days


@transaction.atomic
def sheet_start(*, actor, township: OrgUnit, month: dt.date) -> AttendanceSheet:
    """A new draft for a township's month, one line per trainee: leave from approved leave,
    the rest of the working days as present, so that staff only change the exceptions."""
    _check_fill(actor)
    _check_scope(actor, township)
    if township.kind != OrgUnit.Kind.TOWNSHIP:
        raise ValidationError(MSG_NOT_A_TOWNSHIP, code="not_township")
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise ValidationError(MSG_FUTURE_MONTH, code="future")
    if AttendanceSheet.objects.filter(township=township, month=month).exists():
        raise ValidationError(MSG_SHEET_EXISTS, code="exists")
    trainees = list(month_trainees(township, month).order_by("name", "pk"))
    if not trainees:
        raise ValidationError(MSG_NO_TRAINEES, code="no_trainees")
    rules = AttendanceRules.current()
    sheet = AttendanceSheet(
        township=township,
        month=month,
        required_days=min(rules.required_days, days_in_month(month)),
        created_by=actor,
    )
    sheet.full_clean()
    try:
        with transaction.atomic():
            sheet.save()
    except IntegrityError as error:  # started at the same moment by a colleague
        raise ValidationError(MSG_SHEET_EXISTS, code="exists") from error
    leave = leave_days_by_trainee([t.pk for t in trainees], month)
    AttendanceEntry.objects.bulk_create(
        AttendanceEntry(
            sheet=sheet,
            trainee=trainee,
            leave_days=leave.get(trainee.pk, 0),
            present_days=max(sheet.required_days - leave.get(trainee.pk, 0), 0),
        )
        for trainee in trainees
    )
    return sheet


def lock_draft(actor, sheet: AttendanceSheet) -> AttendanceSheet:
    _check_fill(actor, sheet)
    sheet = AttendanceSheet.objects.select_for_update().get(pk=sheet.pk)
    if not sheet.is_draft:
        raise ValidationError(MSG_NOT_DRAFT, code="not_draft")
    return sheet


@transaction.atomic
def sheet_fill(
    *, actor, sheet: AttendanceSheet, required_days: int, entries: dict[int, dict]
) -> AttendanceSheet:
    """Save the draft's working days and lines: `entries` maps an entry id to its typed
    values (出勤, 公出/下村, 旷工, 迟到早退, remark). The leave column is refreshed."""
    sheet = lock_draft(actor, sheet)
    sheet.required_days = required_days
    sheet.full_clean()
    sheet.save(update_fields=["required_days"])
    save_entries(sheet, entries)
    return sheet


TYPED = ("present_days", "official_days", "absent_days", "late_count", "remark")


def save_entries(sheet: AttendanceSheet, entries: dict[int, dict]) -> None:
    lines = list(sheet.entries.all())
    leave = leave_days_by_trainee([line.trainee_id for line in lines], sheet.month)
    errors = {}
    for line in lines:
        line.sheet = sheet
        for name, value in entries.get(line.pk, {}).items():
            if name in TYPED:
                setattr(line, name, value)
        line.leave_days = leave.get(line.trainee_id, 0)
        try:
            line.full_clean(exclude=["sheet", "trainee"])
        except ValidationError as error:
            errors[line.pk] = error
    if errors:
        raise ValidationError([message for error in errors.values() for message in error.messages])
    AttendanceEntry.objects.bulk_update(lines, [*TYPED, "leave_days"])


@transaction.atomic
def sheet_submit(*, actor, sheet: AttendanceSheet) -> AttendanceSheet:
    """Submit the draft: the leave column is brought up to date, then the version is read-only."""
    sheet = lock_draft(actor, sheet)
    save_entries(sheet, {})
    sheet.status = AttendanceSheet.Status.SUBMITTED
    sheet.submitted_by = actor
    sheet.submitted_at = timezone.now()
    sheet.full_clean()
    sheet.save(update_fields=["status", "submitted_by", "submitted_at"])
    return sheet


@transaction.atomic
def sheet_correct(*, actor, sheet: AttendanceSheet, reason: str) -> AttendanceSheet:
    """A correction: a new draft version copied from the latest submitted one, with its reason.
    The submitted versions stay as they are."""
    _check_fill(actor, sheet)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"correction_reason": MSG_REASON_REQUIRED})
    versions = AttendanceSheet.objects.select_for_update().filter(
        township_id=sheet.township_id, month=sheet.month
    )
    latest = versions.order_by("-version").first()
    if latest.is_draft:
        raise ValidationError(MSG_DRAFT_OPEN, code="draft_open")
    if latest.pk != sheet.pk:
        raise ValidationError(MSG_NOT_LATEST, code="not_latest")
    correction = AttendanceSheet(
        township_id=sheet.township_id,
        month=sheet.month,
        version=latest.version + 1,
        required_days=latest.required_days,
        correction_reason=reason,
        created_by=actor,
    )
    correction.full_clean()
    correction.save()
    AttendanceEntry.objects.bulk_create(
        AttendanceEntry(
            sheet=correction,
            trainee_id=line.trainee_id,
            **{name: getattr(line, name) for name in (*TYPED, "leave_days")},
        )
        for line in latest.entries.all()
    )
    return correction


@transaction.atomic
def rules_update(*, actor, rules: AttendanceRules, **values) -> AttendanceRules:
    if not actor.has_perm("attendance.manage_rules"):
        raise PermissionDenied
    for name, value in values.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    return rules
