"""Demo care and support: the programme's entitlements for every trainee, leaders' visits,
and difficulties — some resolved, some open with an owner, one overdue — including one the
demo `trainee` raised themselves. Invented data; idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Role, User
from cadets.models import Programme, Trainee, WorkReport

from .models import CareRecord, Difficulty, Entitlement, EntitlementType

TYPES = [
    (EntitlementType.Kind.ALLOWANCE, "基层工作补贴", "每月800元"),
    (EntitlementType.Kind.HOUSING, "周转房", "乡镇统一安排单间"),
    (EntitlementType.Kind.HEALTH_CHECK, "年度体检", "每年一次，县人民医院"),
]
DIFFICULTIES = [
    (Difficulty.Category.HOUSING, "周转房屋顶漏雨，冬季取暖不足", "已协调乡镇维修屋顶并配发取暖器"),
    (Difficulty.Category.HEALTH, "腰椎不适，需定期到县医院理疗", ""),
    (
        Difficulty.Category.FAMILY,
        "父亲住院手术，需请假照顾并有经济压力",
        "已批准请假，工会送去慰问金",
    ),
    (Difficulty.Category.WORK, "驻村办公无网络，材料需回乡镇报送", ""),
]
CARE = [
    (
        CareRecord.Kind.VISIT,
        "李书记（乡镇党委书记）",
        CareRecord.Level.UNIT,
        "到驻村宿舍走访，查看生活条件，叮嘱注意安全",
    ),
    (
        CareRecord.Kind.TALK,
        "王部长（县委组织部副部长）",
        CareRecord.Level.COUNTY,
        "谈心谈话，了解思想状况和工作困难，鼓励扎根基层",
    ),
    (
        CareRecord.Kind.HOLIDAY,
        "赵科长（市委组织部）",
        CareRecord.Level.CITY,
        "春节前慰问，送去慰问品",
    ),
]


def seed(ctx: dict) -> None:
    if EntitlementType.objects.exists():
        return
    today = timezone.localdate()
    programme = Programme.current()
    types = [
        EntitlementType.objects.create(programme=programme, kind=k, name=n, standard=s)
        for k, n, s in TYPES
    ]
    trainees: list[Trainee] = list(ctx["trainees"])
    staff = {
        u.org_unit_id: u
        for u in User.objects.filter(role__in=[Role.UNIT_STAFF, Role.COUNTY_STAFF]).order_by("pk")
    }
    recorder = User.objects.get(username="admin")
    entitlements, care = [], []
    for i, trainee in enumerate(trainees):
        for j, kind in enumerate(types):
            granted = (i + j) % 5 != 0
            entitlements.append(
                Entitlement(
                    trainee=trainee,
                    type=kind,
                    state=Entitlement.State.GRANTED if granted else Entitlement.State.PENDING,
                    since=trainee.reported_on if granted else None,
                )
            )
        if i % 3 == 0:
            kind, leader, level, summary = CARE[i % len(CARE)]
            care.append(
                CareRecord(
                    trainee=trainee,
                    kind=kind,
                    held_on=today - dt.timedelta(days=10 + i),
                    leader=leader,
                    level=level,
                    summary=summary,
                    recorded_by=recorder,
                )
            )
    Entitlement.objects.bulk_create(entitlements)
    CareRecord.objects.bulk_create(care)
    for i, trainee in enumerate(trainees[:: max(1, len(trainees) // 8)][:8]):
        category, text, resolution = DIFFICULTIES[i % len(DIFFICULTIES)]
        owner = staff.get(trainee.township_id) or staff.get(trainee.county_id)
        raised_on = today - dt.timedelta(days=5 + 4 * i)
        Difficulty.objects.create(
            trainee=trainee,
            category=category,
            description=text,
            raised_on=raised_on,
            raised_by=recorder,
            owner=owner,
            due_on=raised_on + dt.timedelta(days=14),
            status=Difficulty.Status.RESOLVED if resolution else Difficulty.Status.OPEN,
            resolution=resolution,
            resolved_on=raised_on + dt.timedelta(days=3) if resolution else None,
        )
    _research_reports(trainees, today)
    demo = Trainee.objects.filter(user__username="trainee").first()
    if demo is not None:
        Difficulty.objects.create(
            trainee=demo,
            category=Difficulty.Category.HOUSING,
            description="宿舍热水器损坏，已一周无热水",
            raised_on=today - dt.timedelta(days=2),
            raised_by=demo.user,
            owner=staff.get(demo.township_id),
            due_on=today + dt.timedelta(days=12),
        )


def _research_reports(trainees: list[Trainee], today: dt.date) -> None:
    """国情调研 reports of last year from half the trainees (the kind lives in cadets)."""
    year = dt.date(today.year - 1, 1, 1)
    WorkReport.objects.bulk_create(
        [
            WorkReport(
                trainee=t,
                kind=WorkReport.Kind.RESEARCH,
                period=year,
                title=f"关于{t.township}村级集体经济发展情况的调研报告",
                content="通过走访农户、座谈交流，梳理村集体经济发展现状、问题与对策建议。",
                author_id=t.user_id,
            )
            for t in trainees[::2]
            if t.user_id and t.reported_on <= year.replace(month=11)
        ],
        ignore_conflicts=True,
    )
