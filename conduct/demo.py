"""Demo conduct records: awards across the city, a few disciplinary records, 容错 cases in
each state of decision, exemplary cases from front-line tasks and reports. Invented data;
idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from cadets.models import Trainee, WorkReport
from rotations.models import KeyTask

from .defaults import DEFAULT_CONDITIONS
from .models import (
    Award,
    ConductSettings,
    Discipline,
    ExemplaryCase,
    ToleranceCase,
    ToleranceCondition,
)

AWARDS = [
    (Award.Kind.COMMENDATION, "防汛抢险表现突出", "东湖县人民政府", "东政发〔2026〕12号"),
    (Award.Kind.PARTY_MEMBER, "", "中共东湖县委", "东委〔2026〕31号"),
    (Award.Kind.OUTSTANDING, "年度优秀选调生", "中共示范市委组织部", "市组通〔2026〕8号"),
    (Award.Kind.MERIT, "脱贫攻坚成果巩固", "示范市人民政府", "示政发〔2026〕5号"),
]
CASES = [
    (
        "推进村集体产业项目时，未按规定完成采购比价即先行签约，造成项目延误",
        "出于推动工作的公心，事前经村两委集体研究，及时补正程序，未造成损失",
        ToleranceCase.Decision.EXEMPT,
        "组织专题学习采购制度，由导师跟踪一个季度",
    ),
    (
        "防汛值守期间擅自调整值班安排，导致一处点位短时无人",
        "属工作失误，但主动报告并及时补位，未造成后果",
        ToleranceCase.Decision.MITIGATED,
        "作书面检查，乡镇党委谈话提醒",
    ),
    ("惠民资金公示材料填报错误，群众有反映", "", ToleranceCase.Decision.PENDING, ""),
]


def seed(ctx: dict) -> None:
    if Award.objects.exists():
        return
    for order, text in enumerate(DEFAULT_CONDITIONS, start=1):
        ToleranceCondition.objects.get_or_create(text=text, defaults={"order": order})
    ConductSettings.current()
    today = timezone.localdate()
    admin = User.objects.get(username="admin")
    trainees: list[Trainee] = list(ctx["trainees"])
    awards = []
    for i, trainee in enumerate(trainees[::4]):
        kind, title, body, number = AWARDS[i % len(AWARDS)]
        awards.append(
            Award(
                trainee=trainee,
                kind=kind,
                title=title,
                awarded_on=today - dt.timedelta(days=30 + 17 * i),
                issued_by=body,
                document_number=number,
                recorded_by=admin,
            )
        )
    Award.objects.bulk_create(awards)
    for i, trainee in enumerate(trainees[3::15][:2]):
        decided = today - dt.timedelta(days=120 + 30 * i)
        Discipline.objects.create(
            trainee=trainee,
            kind=Discipline.Kind.ADMONITION if i == 0 else Discipline.Kind.NOTICE,
            decided_on=decided,
            issued_by="中共东湖县委组织部",
            document_number=f"东组〔2026〕{40 + i}号",
            reason="工作作风不实，多次未按时报送驻村工作台账",
            effective_from=decided,
            effective_until=decided + dt.timedelta(days=180),
            recorded_by=admin,
        )
    conditions = list(ToleranceCondition.objects.order_by("order")[:4])
    for i, trainee in enumerate(trainees[1::10][: len(CASES)]):
        text, assessment, decision, follow_up = CASES[i]
        case = ToleranceCase.objects.create(
            trainee=trainee,
            occurred_on=today - dt.timedelta(days=90 - 20 * i),
            what_happened=text,
            assessment=assessment,
            decision=decision,
            decided_by=admin if decision != ToleranceCase.Decision.PENDING else None,
            decided_on=today - dt.timedelta(days=60 - 20 * i)
            if decision != ToleranceCase.Decision.PENDING
            else None,
            follow_up=follow_up,
            recorded_by=admin,
        )
        if assessment:
            case.conditions_met.set(conditions[: 4 - i])
    task = KeyTask.objects.select_related("trainee").order_by("pk").first()
    if task is not None:
        ExemplaryCase.objects.create(
            trainee=task.trainee,
            source=ExemplaryCase.Source.TASK,
            key_task=task,
            title=f"{task.trainee.name}：{task.title}中的担当作为",
            write_up="面对急难险重任务冲锋在前，扎实做好群众工作，成效明显，值得青年干部学习。",
            marked_on=today - dt.timedelta(days=20),
            marked_by=admin,
        )
    report = WorkReport.objects.exclude(kind=WorkReport.Kind.LOG).order_by("pk").first()
    if report is not None:
        ExemplaryCase.objects.create(
            trainee=report.trainee,
            source=ExemplaryCase.Source.REPORT,
            report=report,
            title=f"{report.trainee.name}：扎根基层的工作纪实",
            write_up="报告内容翔实、思考深入，体现了扎根基层、服务群众的初心。",
            marked_on=today - dt.timedelta(days=12),
            marked_by=admin,
        )
