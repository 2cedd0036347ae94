"""The lists that can be exported to .xlsx: the same filters and the same scope as their pages.

Each export takes the user, the page's query parameters and whether sensitive values are shown
in full (`reveal`: only after the audited re-authentication of views.export_full); otherwise ID
and phone numbers are masked as on screen. Values are written in Chinese whatever the interface
language: the files are forms that travel between departments. The trainee export has the
columns of the import template, so a revealed export reads back in as a roster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from assessments.filters import TalentPoolFilter
from assessments.models import Assessment, AssessmentCycle, Grade, Outcome
from cadets.filters import TraineeFilter
from cadets.idnumber import mask_id_number, mask_phone
from cadets.models import Trainee
from careers import analysis
from careers.models import Shortlist
from rotations.forms import CoverageFilter
from rotations.models import Rotation

from .dashboard import FEEDBACK_STATE_LABELS, feedback_completion
from .rosters import TRAINEE_COLUMNS


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    # The full sensitive values written, so the test suite's leak check can allow them.
    revealed: set[str]
    widths: tuple[int, ...] = ()


@dataclass(frozen=True)
class ExportKind:
    key: str
    title: str  # the sheet's and the file's name
    perm: str  # the permission of the page the list comes from
    sensitive: bool  # has ID or phone numbers (a full export is possible)
    build: Callable[..., Table]


def build_export(kind: ExportKind, *, user, params: QueryDict, reveal: bool) -> Table:
    with translation.override("zh-hans"):
        return kind.build(user=user, params=params, reveal=reveal)


def _masker(reveal: bool, revealed: set[str]):
    def show(value: str, mask) -> str:
        if not value:
            return ""
        if reveal:
            revealed.add(value)
            return value
        return mask(value)

    return show


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value)) if value else ""


# Trainees -----------------------------------------------------------------------------------


def trainees_table(*, user, params: QueryDict, reveal: bool) -> Table:
    queryset = Trainee.objects.visible_to(user).select_related(
        "cohort", "county", "township", "village"
    )
    trainees = TraineeFilter(params, queryset=queryset, user=user).qs
    revealed: set[str] = set()
    show = _masker(reveal, revealed)
    rows = []
    for t in trainees:
        values = {
            "name": t.name,
            "sex": t.get_sex_display(),
            "ethnicity": t.ethnicity,
            "birth_date": t.birth_date,
            "native_place": t.native_place,
            "id_number": show(t.id_number, mask_id_number),
            "phone": show(t.phone, mask_phone),
            "political_status": t.get_political_status_display(),
            "party_joined_on": t.party_joined_on,
            "education": t.get_education_display(),
            "degree": t.get_degree_display(),
            "school": t.school,
            "major": t.major,
            "stream": t.get_stream_display(),
            "cohort": t.cohort.year,
            "reported_on": t.reported_on,
            "county": t.county.name,
            "township": t.township.name,
            "village": t.village.name if t.village_id else "",
            "current_post": t.current_post,
            "status": t.get_status_display(),
        }
        rows.append([values[c.field] for c in TRAINEE_COLUMNS])
    widths = tuple(20 if c.field == "id_number" else 12 for c in TRAINEE_COLUMNS)
    return Table("选调生花名册", [c.header for c in TRAINEE_COLUMNS], rows, revealed, widths)


# Rotations ----------------------------------------------------------------------------------


def rotations_table(*, user, params: QueryDict, reveal: bool) -> Table:
    # The trainees of the coverage list (in training, its filters), then their rotations.
    queryset = Trainee.objects.visible_to(user).filter(status=Trainee.Status.TRAINING)
    trainees = CoverageFilter(params, queryset=queryset, user=user).qs
    rotations = (
        Rotation.objects.visible_to(user)
        .filter(trainee__in=trainees)
        .select_related("trainee__township", "post__category", "post__village")
        .order_by("trainee__township__code", "trainee__name", "trainee_id", "starts_on", "pk")
    )
    revealed: set[str] = set()
    show = _masker(reveal, revealed)
    headers = ["姓名", "身份证号", "派驻乡镇（街道）", "岗位", "岗位类别", "所在村",
               "开始日期", "结束日期", "调整原因"]  # fmt: skip
    rows = [
        [
            r.trainee.name,
            show(r.trainee.id_number, mask_id_number),
            r.trainee.township.name,
            r.post.name,
            r.post.category.name,
            r.post.village.name if r.post.village_id else "",
            r.starts_on,
            r.ends_on,
            r.reason,
        ]
        for r in rotations
    ]
    return Table("轮岗记录", headers, rows, revealed, (10, 20, 14, 20, 10, 10, 12, 12, 20))


# Monthly feedback completion ----------------------------------------------------------------


def feedback_table(*, user, params: QueryDict, reveal: bool) -> Table:
    completion = feedback_completion(user, timezone.localdate(), township=params.get("township"))
    headers = ["导师", "学员", "派驻乡镇（街道）", *[f"{m:%Y年%m月}" for m in completion.months]]
    rows = [
        [
            line.mentor,
            line.trainee,
            line.township,
            *[str(FEEDBACK_STATE_LABELS[state]) if state else "" for state in line.states],
        ]
        for line in completion.pairs
    ]
    return Table("月度帮带记录完成情况", headers, rows, set(), (10, 10, 14, *[10] * 6))


# Assessment results of one cycle --------------------------------------------------------------


def assessments_table(*, user, params: QueryDict, reveal: bool) -> Table:
    cycle_id = params.get("cycle", "")
    if not cycle_id.isdigit():
        raise Http404
    cycle = get_object_or_404(AssessmentCycle.objects.visible_to(user), pk=int(cycle_id))
    assessments = (
        Assessment.objects.visible_to(user)
        .filter(cycle=cycle)
        .select_related("trainee__county", "trainee__township", "confirmed_by")
        .order_by("trainee__township__code", "trainee__name", "pk")
    )
    revealed: set[str] = set()
    show = _masker(reveal, revealed)
    headers = ["考核周期", "姓名", "身份证号", "派驻县（市、区）", "派驻乡镇（街道）", "得分",
               "考核等次", "确认人", "确认时间", "转正意见", "考核意见"]  # fmt: skip
    rows = [
        [
            cycle.name,
            a.trainee.name,
            show(a.trainee.id_number, mask_id_number),
            a.trainee.county.name,
            a.trainee.township.name,
            float(a.score) if a.score is not None else "",
            _label(Grade.choices, a.grade),
            str(a.confirmed_by) if a.confirmed_by_id else "",
            timezone.localtime(a.confirmed_at).date() if a.confirmed_at else "",
            _label(Assessment.ProbationDecision.choices, a.probation_decision),
            a.staff_comment,
        ]
        for a in assessments
    ]
    return Table("考核结果", headers, rows, revealed, (16, 10, 20, 12, 14, 8, 10, 10, 12, 12, 30))


# Talent pool --------------------------------------------------------------------------------


def talent_pool_table(*, user, params: QueryDict, reveal: bool) -> Table:
    in_pool = Outcome.objects.filter(kind=Outcome.Kind.TALENT_POOL).values("trainee_id")
    queryset = (
        Trainee.objects.visible_to(user)
        .filter(pk__in=in_pool)
        .select_related("cohort", "county", "township")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.exclude(grade="")
                .select_related("cycle")
                .order_by("cycle__period_end"),
                to_attr="graded",
            ),
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.filter(kind=Outcome.Kind.TALENT_POOL),
                to_attr="pools",
            ),
        )
        .order_by("cohort__year", "name", "pk")
    )
    trainees = TalentPoolFilter(params, queryset=queryset).qs
    revealed: set[str] = set()
    show = _masker(reveal, revealed)
    headers = ["姓名", "性别", "身份证号", "手机号码", "录用批次", "派驻县（市、区）",
               "派驻乡镇（街道）", "专业", "人才库", "入库时间", "优秀次数",
               "历次考核等次"]  # fmt: skip
    rows = []
    for t in trainees:
        grades = [a for a in t.graded]
        rows.append(
            [
                t.name,
                t.get_sex_display(),
                show(t.id_number, mask_id_number),
                show(t.phone, mask_phone),
                t.cohort.year,
                t.county.name,
                t.township.name,
                t.major,
                "、".join(_label(Outcome.Pool.choices, o.pool) for o in t.pools),
                min((o.decided_on for o in t.pools), default=None),
                sum(1 for a in grades if a.grade == Grade.EXCELLENT),
                "；".join(f"{a.cycle.name}：{_label(Grade.choices, a.grade)}" for a in grades),
            ]
        )
    return Table(
        "优秀选调生人才库", headers, rows, revealed, (10, 6, 20, 14, 8, 12, 14, 16, 20, 12, 8, 40)
    )


# Careers: a shortlist, and the structure and retention analysis ----------------------------


def shortlist_table(*, user, params: QueryDict, reveal: bool) -> Table:
    shortlist_id = params.get("shortlist", "")
    if not shortlist_id.isdigit():
        raise Http404
    shortlist = get_object_or_404(
        Shortlist.objects.visible_to(user).select_related("profile"), pk=int(shortlist_id)
    )
    entries = shortlist.entries.filter(
        trainee__in=Trainee.objects.visible_to(user).values("pk")
    ).select_related("trainee__cohort", "trainee__county", "trainee__township")
    revealed: set[str] = set()
    show = _masker(reveal, revealed)
    headers = ["岗位", "排序", "姓名", "性别", "身份证号", "手机号码", "录用批次",
               "派驻县（市、区）", "派驻乡镇（街道）", "专业", "符合情况", "欠缺情况"]  # fmt: skip
    rows = [
        [
            shortlist.profile.name,
            e.position,
            e.trainee.name,
            e.trainee.get_sex_display(),
            show(e.trainee.id_number, mask_id_number),
            show(e.trainee.phone, mask_phone),
            e.trainee.cohort.year,
            e.trainee.county.name,
            e.trainee.township.name,
            e.trainee.major,
            e.matches,
            e.lacks,
        ]
        for e in entries
    ]
    return Table(
        "人岗相适人选名单", headers, rows, revealed, (16, 6, 10, 6, 20, 14, 8, 12, 14, 16, 40, 40)
    )


def retention_table(*, user, params: QueryDict, reveal: bool) -> Table:
    """Each cohort's figures by year since reporting, then the structure's counts."""
    today = timezone.localdate()
    headers = ["录用批次", "报到后第几年", "年度", "人数", "仍在录用单位", "获得提拔", "交流流动",
               "离开（辞职、调出）", "留任率（%）", "提拔比例（%）"]  # fmt: skip
    rows: list[list] = []
    for cohort in analysis.retention(user, today):
        for y in cohort.years:
            rows.append([cohort.name, y.offset, y.year, y.total, y.in_body, y.promoted, y.moved,
                         y.left, y.retention, y.promoted_share])  # fmt: skip
    rows.append([])
    for breakdown in analysis.structure(user, today, params):
        for bar in breakdown.bars:
            rows.append([str(breakdown.title), bar.label, "", bar.value])
    return Table("队伍结构与留任分析", headers, rows, set(), (14, 12, 8, 8, 12, 10, 10, 14, 12, 12))


KINDS: dict[str, ExportKind] = {
    kind.key: kind
    for kind in (
        ExportKind("trainees", "选调生花名册", "cadets.list_trainees", True, trainees_table),
        ExportKind("rotations", "轮岗记录", "rotations.view_overview", True, rotations_table),
        ExportKind(
            "feedback", "月度帮带记录完成情况", "office.view_dashboard", False, feedback_table
        ),
        ExportKind("assessments", "考核结果", "assessments.manage_cycles", True, assessments_table),
        ExportKind(
            "talent", "优秀选调生人才库", "assessments.view_talent_pool", True, talent_pool_table
        ),
        ExportKind("shortlist", "人岗相适人选名单", "careers.use_matching", True, shortlist_table),
        ExportKind(
            "retention", "队伍结构与留任分析", "careers.view_analysis", False, retention_table
        ),
    )
}


def file_name(kind: ExportKind, today: dt.date | None = None) -> str:
    return f"{kind.title}-{(today or timezone.localdate()):%Y%m%d}.xlsx"
