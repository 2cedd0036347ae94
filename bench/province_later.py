"""The province's rows of the record kinds added after the benchmark was written (attendance,
education, support, conduct, careers): a modest, cheap amount, so that their pages and panels
are measured on real rows — last month's attendance sheet of every township (a line per trainee
then in training) and a handful of records per county for the others.

Written with `bulk_create` (no services, no history rows, as the rest of the province: see
bench/province.py) and constructed to satisfy the models' rules: sheets submitted, one per
township and month, days within the month; hours only for completed courses; resolved
difficulties with their date; decided 容错 cases with theirs; transfers still awaiting
approval (an accepted one would have moved the trainee); follow-up records only for past years
after the training period.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from bench.province import _Builder

BATCH = 2_000
COURSES_PER_COUNTY = 2
ENROLMENTS_PER_COURSE = 20
ENTITLED_PER_COUNTY = 10
FOLLOWED_PER_COUNTY = 6
ENTITLEMENT_TYPES = [
    ("allowance", "基层工作补贴", "每月800元"),
    ("housing", "周转房", "乡镇统一安排单间"),
    ("health", "年度体检", "每年一次，县人民医院"),
]


def _last_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def write_later_kinds(b: _Builder) -> None:
    by_county: dict[int, list[tuple]] = {}
    for row in b.trainees:
        by_county.setdefault(row[6], []).append(row)
    _attendance(b)
    _education(b, by_county)
    _support(b, by_county)
    _conduct(b, by_county)
    _careers(b, by_county)


def _bulk(b: _Builder, model, objs: list) -> list:
    made = model.objects.bulk_create(objs, batch_size=BATCH)
    b.stats.add(model._meta.db_table, len(made))
    return made


def _in_training(row: tuple, day: dt.date) -> bool:
    _pk, _user, _township, _place, reported, training, _county = row
    return reported <= day < training


def _attendance(b: _Builder) -> None:
    from attendance.models import AttendanceEntry, AttendanceSheet, days_in_month

    month = _last_month(b.today)
    at = timezone.make_aware(dt.datetime.combine(month.replace(day=28), dt.time(17)))
    required = min(21, days_in_month(month))
    sheets = _bulk(
        b,
        AttendanceSheet,
        [
            AttendanceSheet(
                township_id=township,
                month=month,
                version=1,
                status=AttendanceSheet.Status.SUBMITTED,
                required_days=required,
                created_by_id=b.unit_staff[township],
                submitted_by_id=b.unit_staff[township],
                submitted_at=at,
            )
            for township in b.townships
        ],
    )
    sheet_of = {sheet.township_id: sheet.pk for sheet in sheets}
    entries = []
    for row in b.trainees:
        if not _in_training(row, month):
            continue
        pk, _user, township, place, *_ = row
        absent = 1 if place % 17 == 5 else 0  # a few flagged lines (旷工)
        official = place % 4
        entries.append(
            AttendanceEntry(
                sheet_id=sheet_of[township],
                trainee_id=pk,
                present_days=required - official - absent,
                official_days=official,
                absent_days=absent,
                late_count=place % 3,
                remark="下村走访" if official else "",
            )
        )
    _bulk(b, AttendanceEntry, entries)


def _education(b: _Builder, by_county: dict[int, list[tuple]]) -> None:
    from education.models import Course, Enrolment

    month = _last_month(b.today)
    kinds = [
        (Course.Kind.ROTATION, "选调生集中轮训班", Decimal("24")),
        (Course.Kind.MISSION, "初心使命专题教育", Decimal("8")),
    ]
    courses, plans = [], []
    for county in b.counties:
        for k in range(COURSES_PER_COUNTY):
            kind, title, hours = kinds[k % len(kinds)]
            starts = month.replace(day=10 + k * 5)
            courses.append(
                Course(
                    title=f"{title}（第{k + 1}期）",
                    kind=kind,
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(days=2),
                    hours=hours,
                    organiser="县委组织部",
                    organiser_unit_id=county,
                    created_by_id=b.county_staff[county],
                )
            )
            plans.append((county, k, hours))
    courses = _bulk(b, Course, courses)
    enrolments = []
    for course, (county, k, hours) in zip(courses, plans, strict=True):
        trainees = [r for r in by_county.get(county, []) if _in_training(r, course.starts_on)]
        for i, row in enumerate(trainees[k::COURSES_PER_COUNTY][:ENROLMENTS_PER_COURSE]):
            status = ["completed", "completed", "completed", "partial", "absent"][i % 5]
            credited = hours if status == "completed" else hours / 2 if status == "partial" else 0
            enrolments.append(
                Enrolment(
                    course=course,
                    trainee_id=row[0],
                    status=status,
                    hours=credited,
                    enrolled_by_id=b.county_staff[county],
                )
            )
    _bulk(b, Enrolment, enrolments)


def _support(b: _Builder, by_county: dict[int, list[tuple]]) -> None:
    from support.models import CareRecord, Difficulty, Entitlement, EntitlementType

    types = list(EntitlementType.objects.filter(programme=b.programme, active=True))
    if not types:
        types = _bulk(
            b,
            EntitlementType,
            [
                EntitlementType(programme=b.programme, kind=k, name=n, standard=s)
                for k, n, s in ENTITLEMENT_TYPES
            ],
        )
    month = _last_month(b.today)
    difficulties, care, entitlements = [], [], []
    for county in b.counties:
        staff = b.county_staff[county]
        current = [r for r in by_county.get(county, []) if _in_training(r, b.today)]
        for i, row in enumerate(current[:3]):
            pk, _user, township, *_ = row
            resolved = i > 0
            raised = month.replace(day=3 + i)
            difficulties.append(
                Difficulty(
                    trainee_id=pk,
                    category=["housing", "family", "work"][i],
                    description=[
                        "周转房漏雨，需维修。",
                        "家中老人生病，需短期照料。",
                        "村部网络不稳定，影响办公。",
                    ][i],  # noqa: E501
                    raised_on=raised,
                    raised_by_id=b.unit_staff[township],
                    owner_id=staff,
                    due_on=raised + dt.timedelta(days=14),
                    status="resolved" if resolved else "open",
                    resolution="已协调解决。" if resolved else "",
                    resolved_on=raised + dt.timedelta(days=7) if resolved else None,
                )
            )
        for i, row in enumerate(current[:5]):
            care.append(
                CareRecord(
                    trainee_id=row[0],
                    kind=["visit", "talk", "holiday"][i % 3],
                    held_on=month.replace(day=8 + i),
                    leader="县委组织部副部长" if i % 2 else "乡镇党委书记",
                    level="county" if i % 2 else "unit",
                    summary="了解工作生活情况，勉励其扎根基层。",
                    recorded_by_id=staff,
                )
            )
        for row in current[:ENTITLED_PER_COUNTY]:
            for t in types:
                entitlements.append(
                    Entitlement(
                        trainee_id=row[0],
                        type_id=t.pk,
                        state="granted",
                        since=row[4],
                    )
                )
    _bulk(b, Difficulty, difficulties)
    _bulk(b, CareRecord, care)
    _bulk(b, Entitlement, entitlements)


def _conduct(b: _Builder, by_county: dict[int, list[tuple]]) -> None:
    from conduct.models import Award, Discipline, ToleranceCase

    month = _last_month(b.today)
    awards, cases, measures = [], [], []
    for n, county in enumerate(b.counties):
        staff = b.county_staff[county]
        rows = by_county.get(county, [])
        if not rows:
            continue
        for i, row in enumerate(rows[:2]):
            awards.append(
                Award(
                    trainee_id=row[0],
                    kind=["commend", "outstanding"][i],
                    title="" if i == 0 else "优秀选调生",
                    awarded_on=month.replace(day=20),
                    issued_by="县委组织部",
                    document_number=f"组通〔{month.year}〕{n * 2 + i + 1}号",
                    recorded_by_id=staff,
                )
            )
        cases.append(
            ToleranceCase(
                trainee_id=rows[2 % len(rows)][0],
                occurred_on=month.replace(day=5),
                what_happened="推进项目时程序有瑕疵，未造成损失。",
                assessment="出于公心、未谋取私利，符合容错条件。",
                decision="exempt",
                decided_by_id=staff,
                decided_on=month.replace(day=25),
                follow_up="完善审批流程。",
                recorded_by_id=staff,
            )
        )
        if n % 4 == 0:  # a disciplinary record in every fourth county
            measures.append(
                Discipline(
                    trainee_id=rows[3 % len(rows)][0],
                    kind="admonish",
                    decided_on=month.replace(day=12),
                    issued_by="县纪委监委",
                    reason="工作纪律松懈，多次无故迟到。",
                    effective_from=month.replace(day=12),
                    recorded_by_id=staff,
                )
            )
    _bulk(b, Award, awards)
    _bulk(b, ToleranceCase, cases)
    _bulk(b, Discipline, measures)


def _careers(b: _Builder, by_county: dict[int, list[tuple]]) -> None:
    from careers.models import CareersConfig, FollowUp, Transfer

    config = CareersConfig.current()
    transfers, follow_ups = [], []
    for county in b.counties:
        staff = b.county_staff[county]
        older = [r for r in by_county.get(county, []) if r[5] <= b.today]  # training over
        for row in older[:2]:
            pk, _user, township, *_ = row
            transfers.append(
                Transfer(
                    trainee_id=pk,
                    kind=Transfer.Kind.SECONDMENT_UP,
                    from_unit_id=township,
                    to_body="县委办公室",
                    to_post="综合科科员",
                    effective_on=b.today + dt.timedelta(days=30),
                    reason="工作需要，上挂锻炼。",
                    status=Transfer.Status.PENDING,
                    levels_needed=config.transfer_approval_levels,
                    drafted_by_id=staff,
                )
            )
        for row in older[:FOLLOWED_PER_COUNTY]:
            first = row[5].year + 1
            for year in range(first, min(first + config.follow_up_years, b.today.year)):
                follow_ups.append(
                    FollowUp(
                        trainee_id=row[0],
                        year=year,
                        unit="乡镇党委",
                        post="党政办副主任" if year > first else "党政办科员",
                        rank="一级科员",
                        annual_grade="competent",
                        promoted=year == first + 1,
                        promotion="任党政办副主任" if year == first + 1 else "",
                        recorded_by_id=staff,
                    )
                )
    _bulk(b, Transfer, transfers)
    _bulk(b, FollowUp, follow_ups)
