"""Writes of daily management: leave (请假 / 销假) and work reports. Views call these; these
check the rule again."""

from __future__ import annotations

import datetime as dt

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    MSG_LEAVE_END_BEFORE_START,
    LeaveApproval,
    LeaveApprovalLevel,
    LeavePolicy,
    LeaveRequest,
    ReportComment,
    Trainee,
    WorkReport,
    leave_days,
    period_start,
)

MSG_LEAVE_NOT_OWN = _("You can only ask for leave for yourself.")
MSG_LEAVE_OVERLAP = _(
    "These dates overlap another leave request ({start} to {end}). Change the dates, or withdraw "
    "the other request first."
)
MSG_LEAVE_NOT_AWAITING_YOU = _("This leave request is not waiting for your approval.")
MSG_REFUSAL_NEEDS_COMMENT = _("Say why the leave is refused.")
MSG_RETURN_NOT_APPROVED = _("A return report can only be filed for approved leave.")
MSG_RETURN_BEFORE_START = _("The day back at work cannot be before the leave began.")
MSG_RETURN_IN_FUTURE = _("File the return report once you are back at work.")
MSG_CANCEL_NOT_ALLOWED = _("Only leave that has not begun can be withdrawn.")
MSG_REPORT_NOT_OWN = _("You can only submit your own reports.")
MSG_REPORT_FUTURE = _("A report cannot be for a period that has not begun.")
MSG_REPORT_DUPLICATE = _("A report for this period was already submitted.")


@transaction.atomic
def leave_request(
    *,
    actor,
    trainee: Trainee,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
) -> LeaveRequest:
    """请假: the trainee asks for leave; the approval chain follows from its length."""
    if not actor.has_perm("cadets.request_leave"):
        raise PermissionDenied
    if trainee.user_id != actor.pk:
        raise ValidationError(MSG_LEAVE_NOT_OWN, code="not_own")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": MSG_LEAVE_END_BEFORE_START})
    # Lock the trainee so that two requests of the same trainee are checked one after the other.
    Trainee.objects.select_for_update().filter(pk=trainee.pk).first()
    _refuse_overlap(trainee, starts_on, ends_on)
    chain = LeaveApprovalLevel.chain_for(leave_days(starts_on, ends_on))
    leave = LeaveRequest(
        trainee=trainee,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        approval_chain=chain,
        status=LeaveRequest.Status.PENDING if chain else LeaveRequest.Status.APPROVED,
        created_by=actor,
    )
    leave.full_clean()
    try:
        with transaction.atomic():
            leave.save()
    except IntegrityError as error:  # the exclusion constraint, on PostgreSQL
        raise ValidationError(
            MSG_LEAVE_OVERLAP.format(start=starts_on, end=ends_on), code="overlap"
        ) from error
    return leave


def _refuse_overlap(trainee: Trainee, starts_on: dt.date, ends_on: dt.date) -> None:
    other = (
        LeaveRequest.objects.filter(
            trainee=trainee,
            status__in=LeaveRequest.ACTIVE_STATUSES,
            starts_on__lte=ends_on,
            ends_on__gte=starts_on,
        )
        .order_by("starts_on")
        .first()
    )
    if other is not None:
        raise ValidationError(
            MSG_LEAVE_OVERLAP.format(start=other.starts_on, end=other.ends_on), code="overlap"
        )


def can_decide_leave(user, leave: LeaveRequest) -> bool:
    return rules.test_rule("cadets.decide_leave", user, leave)


@transaction.atomic
def leave_decide(*, actor, leave: LeaveRequest, approve: bool, comment: str = "") -> LeaveRequest:
    """One approver of the chain approves or refuses; the last approval approves the leave."""
    leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
    visible = LeaveRequest.objects.visible_to(actor).filter(pk=leave.pk).exists()
    if not visible or not can_decide_leave(actor, leave):
        raise ValidationError(MSG_LEAVE_NOT_AWAITING_YOU, code="not_awaiting")
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"comment": MSG_REFUSAL_NEEDS_COMMENT})
    LeaveApproval.objects.create(
        leave=leave,
        step=leave.step,
        role=actor.role,
        approver=actor,
        decision=LeaveApproval.Decision.APPROVED if approve else LeaveApproval.Decision.REFUSED,
        comment=comment,
    )
    if not approve:
        leave.status = LeaveRequest.Status.REFUSED
    else:
        leave.step += 1
        if leave.step >= len(leave.approval_chain):
            leave.status = LeaveRequest.Status.APPROVED
    leave.save(update_fields=["status", "step"])
    return leave


@transaction.atomic
def leave_cancel(*, actor, leave: LeaveRequest, today: dt.date | None = None) -> LeaveRequest:
    today = today or timezone.localdate()
    leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
    if leave.trainee.user_id != actor.pk:
        raise PermissionDenied
    if leave.status not in (LeaveRequest.Status.PENDING, LeaveRequest.Status.APPROVED) or (
        leave.starts_on <= today
    ):
        raise ValidationError(MSG_CANCEL_NOT_ALLOWED, code="not_cancellable")
    leave.status = LeaveRequest.Status.CANCELLED
    leave.save(update_fields=["status"])
    return leave


@transaction.atomic
def leave_return(
    *,
    actor,
    leave: LeaveRequest,
    returned_on: dt.date,
    note: str = "",
    today: dt.date | None = None,
) -> LeaveRequest:
    """销假: back at work on `returned_on`. Leave longer than the policy's threshold extends the
    training period by the days actually taken."""
    today = today or timezone.localdate()
    leave = LeaveRequest.objects.select_for_update().select_related("trainee").get(pk=leave.pk)
    if leave.trainee.user_id != actor.pk:
        raise ValidationError(MSG_LEAVE_NOT_OWN, code="not_own")
    if leave.status != LeaveRequest.Status.APPROVED:
        raise ValidationError(MSG_RETURN_NOT_APPROVED, code="not_approved")
    if returned_on < leave.starts_on:
        raise ValidationError({"returned_on": MSG_RETURN_BEFORE_START})
    if returned_on > today:
        raise ValidationError({"returned_on": MSG_RETURN_IN_FUTURE})
    leave.status = LeaveRequest.Status.RETURNED
    leave.returned_on = returned_on
    leave.return_note = note
    taken = max((returned_on - leave.starts_on).days, 0)
    if taken > LeavePolicy.current().extend_training_after_days:
        leave.extension_days = taken
        trainee_extend_training(trainee=leave.trainee, days=taken)
    leave.save(update_fields=["status", "returned_on", "return_note", "extension_days"])
    return leave


@transaction.atomic
def trainee_extend_training(*, trainee: Trainee, days: int) -> Trainee:
    """Add `days` to the training period (Trainee.training_ends_on is derived in save()). The
    version moves on, so an edit form opened before the extension cannot overwrite it."""
    trainee = Trainee.objects.select_for_update().get(pk=trainee.pk)
    trainee.extension_days += days
    trainee.version = F("version") + 1
    trainee.save(
        update_fields=["extension_days", "training_ends_on", "probation_ends_on", "version"]
    )
    trainee.refresh_from_db(fields=["version"])
    return trainee


@transaction.atomic
def report_submit(
    *,
    actor,
    trainee: Trainee,
    kind: str,
    period: dt.date,
    title: str,
    content: str,
    today: dt.date | None = None,
) -> WorkReport:
    """工作纪实 / 月报 / 季报: a trainee files a report of their own."""
    today = today or timezone.localdate()
    if not actor.has_perm("cadets.submit_report"):
        raise PermissionDenied
    if trainee.user_id != actor.pk:
        raise ValidationError(MSG_REPORT_NOT_OWN, code="not_own")
    period = period_start(kind, period)
    if period > today:
        raise ValidationError({"period": MSG_REPORT_FUTURE})
    if (
        kind != WorkReport.Kind.LOG
        and WorkReport.objects.filter(trainee=trainee, kind=kind, period=period).exists()
    ):
        raise ValidationError({"period": MSG_REPORT_DUPLICATE})
    report = WorkReport(
        trainee=trainee, kind=kind, period=period, title=title, content=content, author=actor
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_comment(*, actor, report: WorkReport, body: str) -> ReportComment:
    if not actor.has_perm("cadets.comment_report", report):
        raise PermissionDenied
    comment = ReportComment(report=report, author=actor, body=body)
    comment.full_clean()
    comment.save()
    return comment
