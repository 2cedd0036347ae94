"""Demo training plans in every workflow state, drafted, reviewed and acknowledged through the
services by the demo users who would do it: the township's staff, the county's staff, the
trainee."""

from __future__ import annotations

from accounts.models import Role, User

from .models import Trainee, TrainingPlan, add_months
from .plan_services import (
    MilestoneData,
    milestone_mark_done,
    plan_acknowledge,
    plan_approve,
    plan_draft,
    plan_return,
    plan_submit,
)

# By the trainee's position: the state their plan is left in.
STATES = ["approved", "acknowledged", "submitted", "returned", "draft", "revised"]


def seed_plans(trainees: list[Trainee]) -> None:
    if TrainingPlan.objects.exists():
        return
    for i, trainee in enumerate(trainees):
        _seed_one(trainee, STATES[i % len(STATES)])


def _seed_one(trainee: Trainee, state: str) -> None:
    unit = User.objects.filter(role=Role.UNIT_STAFF, org_unit=trainee.township).first()
    county = User.objects.filter(role=Role.COUNTY_STAFF, org_unit=trainee.county).first()
    plan = plan_draft(
        actor=unit, trainee=trainee, parts=_parts(trainee), milestones=_milestones(trainee)
    )
    if state == "draft":
        return
    plan_submit(actor=unit, plan=plan)
    if state == "submitted":
        return
    if state == "returned":
        plan_return(
            actor=county,
            plan=plan,
            comment="锻炼目标要结合本人专业特长再具体些；考核标准请量化，明确每季度要求。",
        )
        return
    plan_approve(actor=county, plan=plan, comment="同意。")
    if state == "approved":
        return
    plan_acknowledge(actor=trainee.user, plan=plan)
    if state == "acknowledged":
        return
    first = plan.milestones.order_by("due_on").first()
    milestone_mark_done(
        actor=unit, milestone=first, done_on=first.due_on, note="已按期完成，成效良好。"
    )
    parts = _parts(trainee)
    parts["tasks"] += "\n增加：牵头一项乡村振兴专项任务，形成可推广的工作经验。"
    revision = plan_draft(
        actor=unit,
        trainee=trainee,
        parts=parts,
        milestones=_milestones(trainee),
        change_note="试用期满后增加专项任务要求",
    )
    plan_submit(actor=unit, plan=revision)
    plan_approve(actor=county, plan=revision, comment="同意调整。")


def _parts(trainee: Trainee) -> dict[str, str]:
    return {
        "goals": (
            f"发挥{trainee.major}专业特长，全面熟悉乡镇工作运行，提升群众工作、"
            "依法办事和应急处置能力，在基层一线坚定理想信念、锤炼过硬作风。"
        ),
        "duties": (
            f"在{trainee.township}党政综合、经济发展、乡村振兴等岗位轮岗，"
            "其间到村任书记助理不少于6个月，承担所在岗位日常工作。"
        ),
        "tasks": "每月撰写工作纪实；每年完成一篇国情调研报告；参与至少一项急难险重任务。",
        "outcomes": "两年内覆盖全部必经岗位类别，能够独立牵头完成一项专项工作。",
        "standards": "以平时考核和年度考核为主，结合导师评价、群众测评，从德能勤绩廉五方面考核。",
    }


def _milestones(trainee: Trainee) -> list[MilestoneData]:
    start = trainee.reported_on
    return [
        MilestoneData("完成岗前培训和驻村调研", add_months(start, 3)),
        MilestoneData("试用期满考核", add_months(start, 12)),
        MilestoneData("提交国情调研报告", add_months(start, 18)),
    ]
