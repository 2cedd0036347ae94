"""Demo leave and work reports (called by cadets/demo.py): leave in every state, including a
long leave that extended a training period, and monthly reports with some months missing."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.models import Role, User

from .leave_services import trainee_extend_training
from .models import (
    LeaveApproval,
    LeaveApprovalLevel,
    LeaveRequest,
    ReportComment,
    ReportPolicy,
    Trainee,
    WorkReport,
    leave_days,
)

REASONS = {
    LeaveRequest.Kind.PERSONAL: "家中老人生病需陪护",
    LeaveRequest.Kind.SICK: "急性肠胃炎，需休息治疗",
    LeaveRequest.Kind.ANNUAL: "休年休假回家探望父母",
    LeaveRequest.Kind.MARRIAGE: "办理婚礼",
    LeaveRequest.Kind.MATERNITY: "生育",
    LeaveRequest.Kind.FAMILY_VISIT: "探望外地父母",
}


def seed(ctx: dict) -> None:
    LeaveApprovalLevel.ensure_defaults()
    ReportPolicy.current()
    if LeaveRequest.objects.exists():
        return
    today = timezone.localdate()
    rng = random.Random(4)
    trainees: list[Trainee] = ctx["trainees"]
    staff = {
        (user.role, user.org_unit_id): user
        for user in User.objects.filter(role__in=[Role.UNIT_STAFF, Role.COUNTY_STAFF])
    }
    for i, trainee in enumerate(trainees[:24]):
        _leave_history(trainee, i, today, staff)
    _reports(trainees, today, rng, staff)


def _leave(trainee, kind, start, end, status, staff, approvals_done=None, **extra):
    chain = LeaveApprovalLevel.chain_for(leave_days(start, end))
    leave = LeaveRequest.objects.create(
        trainee=trainee,
        kind=kind,
        starts_on=start,
        ends_on=end,
        reason=REASONS.get(kind, "个人事务"),
        status=status,
        approval_chain=chain,
        created_by=trainee.user,
        **extra,
    )
    done = len(chain) if approvals_done is None else approvals_done
    for step, role in enumerate(chain[:done]):
        unit_id = trainee.township_id if role == Role.UNIT_STAFF else trainee.county_id
        refused = status == LeaveRequest.Status.REFUSED and step == done - 1
        LeaveApproval.objects.create(
            leave=leave,
            step=step,
            role=role,
            approver=staff[(role, unit_id)],
            decision=LeaveApproval.Decision.REFUSED if refused else LeaveApproval.Decision.APPROVED,
            comment="近期防汛任务重，请调整时间" if refused else "同意",
        )
    leave.step = done if status != LeaveRequest.Status.REFUSED else done - 1
    leave.save(update_fields=["step"])
    return leave


def _leave_history(trainee: Trainee, i: int, today: dt.date, staff) -> None:
    day = dt.timedelta(days=1)
    s = LeaveRequest.Status
    k = LeaveRequest.Kind
    # Returned: a sick day two months ago.
    start = today - dt.timedelta(days=60 + i)
    _leave(trainee, k.SICK, start, start, s.RETURNED, staff, returned_on=start + day,
           return_note="已返岗")  # fmt: skip
    if i % 4 == 0:
        # Pending, waiting for the receiving unit: a day off in ten days.
        start = today + dt.timedelta(days=10 + i)
        _leave(trainee, k.PERSONAL, start, start, s.PENDING, staff, approvals_done=0)
    if i % 4 == 1:
        # Approved annual leave next month (unit and county).
        start = today + dt.timedelta(days=20)
        _leave(trainee, k.ANNUAL, start, start + 4 * day, s.APPROVED, staff)
    if i % 4 == 2:
        # Long leave waiting for the county after the unit approved it.
        start = today + dt.timedelta(days=15)
        _leave(trainee, k.MARRIAGE, start, start + 9 * day, s.PENDING, staff, approvals_done=1)
    if i % 4 == 3:
        start = today + dt.timedelta(days=5)
        _leave(trainee, k.FAMILY_VISIT, start, start + 5 * day, s.REFUSED, staff, approvals_done=1)
    if i % 6 == 5:
        start = today + dt.timedelta(days=40)
        _leave(trainee, k.PERSONAL, start, start, s.CANCELLED, staff, approvals_done=0)
    if i % 8 == 1:
        # Approved leave that has begun: the trainee still has to report back.
        start = today - 2 * day
        _leave(trainee, k.SICK, start, today + day, s.APPROVED, staff)
    if i == 6 and trainee.sex == Trainee.Sex.FEMALE or i == 7:
        # A long leave, reported back from, that extended the training period.
        start = today - dt.timedelta(days=200)
        end = start + dt.timedelta(days=97)
        kind = k.MATERNITY if trainee.sex == Trainee.Sex.FEMALE else k.SICK
        _leave(trainee, kind, start, end, s.RETURNED, staff, returned_on=end + day,
               return_note="已返岗，身体恢复良好", extension_days=98)  # fmt: skip
        trainee_extend_training(trainee=trainee, days=98)


def _reports(trainees: list[Trainee], today: dt.date, rng: random.Random, staff) -> None:
    month = today.replace(day=1)
    for i, trainee in enumerate(trainees):
        period = max(trainee.reported_on.replace(day=1), _months_back(month, 12))
        while period < month:
            # Some months missing; the last month missing for every fifth trainee.
            last = _months_back(month, 1) == period
            if rng.random() < 0.12 or (last and i % 5 == 4):
                period = _months_back(period, -1)
                continue
            report = WorkReport.objects.create(
                trainee=trainee,
                kind=WorkReport.Kind.MONTHLY,
                period=period,
                title=f"{period:%Y年%m月}工作月报",
                content="本月参与了乡村振兴项目推进、矛盾纠纷排查和党员教育工作，"
                "走访农户十余户，协助起草村级工作总结。下月将重点做好冬季安全生产检查。",
                author=trainee.user,
            )
            if rng.random() < 0.4:
                ReportComment.objects.create(
                    report=report,
                    author=staff[(Role.UNIT_STAFF, trainee.township_id)],
                    body="工作扎实，继续保持，注意总结提炼。",
                )
            period = _months_back(period, -1)
        if i % 3 == 0:
            WorkReport.objects.create(
                trainee=trainee,
                kind=WorkReport.Kind.LOG,
                period=today - dt.timedelta(days=3),
                title="包村走访纪实",
                content="随同包村干部走访五保户三户，了解冬季取暖情况并登记需求。",
                author=trainee.user,
            )


def _months_back(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)
