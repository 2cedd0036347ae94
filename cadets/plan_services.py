"""The training plan's workflow (cadets/models/plan.py): each step checks the role and the state.

draft → submit → approve | return (with comments) → … → acknowledge; a new version is drafted
from the plan in force and leaves it untouched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import Action, audit_record

from .locking import claim_edit
from .models import PlanEvent, PlanMilestone, Trainee, TrainingPlan

MSG_OPEN_VERSION_EXISTS = _("Version {version} of this plan is already being prepared.")
MSG_NOT_EDITABLE = _("Only a draft or a returned plan can be edited.")
MSG_NOT_SUBMITTABLE = _("Only a draft or a returned plan can be submitted.")
MSG_NOT_SUBMITTED = _("Only a plan awaiting approval can be approved or returned.")
MSG_RETURN_NEEDS_COMMENT = _("Say what should change when returning a plan.")
MSG_NOT_APPROVED = _("Only an approved plan can be acknowledged.")
MSG_MILESTONE_NOT_IN_FORCE = _("Milestones are marked done on the plan in force.")
MSG_MISSING_PART = _("Fill in all five parts of the plan before submitting it.")


@dataclass(frozen=True)
class MilestoneData:
    title: str
    due_on: dt.date


def plan_current(trainee: Trainee) -> TrainingPlan | None:
    """The plan in force: the newest approved or acknowledged version."""
    return trainee.plans.filter(status__in=TrainingPlan.IN_FORCE).order_by("-version").first()


def plan_open(trainee: Trainee) -> TrainingPlan | None:
    return trainee.plans.filter(status__in=TrainingPlan.OPEN).first()


@transaction.atomic
def plan_draft(
    *,
    actor,
    trainee: Trainee,
    parts: dict[str, str],
    milestones: Sequence[MilestoneData] = (),
    change_note: str = "",
) -> TrainingPlan:
    """Start a new version: the first plan, or a revision of the plan in force."""
    _require(actor, "cadets.draft_plan", trainee)
    trainee.check_in_training()
    Trainee.objects.select_for_update().filter(pk=trainee.pk).first()
    existing = plan_open(trainee)
    if existing is not None:
        raise ValidationError(MSG_OPEN_VERSION_EXISTS.format(version=existing.version))
    last = trainee.plans.aggregate(last=Max("version"))["last"] or 0
    plan = TrainingPlan(
        trainee=trainee,
        version=last + 1,
        drafted_by=actor,
        change_note=change_note,
        **{part: parts.get(part, "") for part in TrainingPlan.PARTS},
    )
    plan.full_clean(exclude=list(TrainingPlan.PARTS))
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:
        raise ValidationError(MSG_OPEN_VERSION_EXISTS.format(version=last + 1)) from error
    PlanMilestone.objects.bulk_create(
        PlanMilestone(plan=plan, title=m.title, due_on=m.due_on) for m in milestones
    )
    PlanEvent.objects.create(plan=plan, action=PlanEvent.Action.DRAFTED, actor=actor)
    return plan


@transaction.atomic
def plan_update(
    *,
    actor,
    plan: TrainingPlan,
    parts: dict[str, str],
    milestones: Sequence[MilestoneData] | None = None,
    change_note: str | None = None,
    expected_version: int | None = None,
) -> TrainingPlan:
    """Edit a draft or returned version; `milestones` (if given) replaces its milestones.
    With `expected_version` (the plan's lock_version when the form was opened), an edit of a
    plan someone saved since is refused (StaleEdit) — the milestones with it."""
    _require(actor, "cadets.draft_plan", plan.trainee)
    claim_edit(plan, expected_version)
    plan = _locked(plan)
    if plan.status not in (TrainingPlan.Status.DRAFT, TrainingPlan.Status.RETURNED):
        raise ValidationError(MSG_NOT_EDITABLE)
    for part in TrainingPlan.PARTS:
        setattr(plan, part, parts.get(part, ""))
    if change_note is not None:
        plan.change_note = change_note
    plan.full_clean(exclude=list(TrainingPlan.PARTS))
    plan.save()
    if milestones is not None:
        plan.milestones.all().delete()
        PlanMilestone.objects.bulk_create(
            PlanMilestone(plan=plan, title=m.title, due_on=m.due_on) for m in milestones
        )
    return plan


@transaction.atomic
def plan_submit(*, actor, plan: TrainingPlan) -> TrainingPlan:
    _require(actor, "cadets.draft_plan", plan.trainee)
    plan = _locked(plan)
    if plan.status not in (TrainingPlan.Status.DRAFT, TrainingPlan.Status.RETURNED):
        raise ValidationError(MSG_NOT_SUBMITTABLE)
    if not all(getattr(plan, part).strip() for part in TrainingPlan.PARTS):
        raise ValidationError(MSG_MISSING_PART)
    plan.status = TrainingPlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    PlanEvent.objects.create(plan=plan, action=PlanEvent.Action.SUBMITTED, actor=actor)
    return plan


@transaction.atomic
def plan_approve(*, actor, plan: TrainingPlan, comment: str = "") -> TrainingPlan:
    _require(actor, "cadets.review_plan", plan.trainee)
    plan = _locked(plan)
    if plan.status != TrainingPlan.Status.SUBMITTED:
        raise ValidationError(MSG_NOT_SUBMITTED)
    plan.status = TrainingPlan.Status.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    PlanEvent.objects.create(
        plan=plan, action=PlanEvent.Action.APPROVED, actor=actor, comment=comment
    )
    audit_record(action=Action.PLAN_APPROVED, actor=actor, subject=plan)
    return plan


@transaction.atomic
def plan_return(*, actor, plan: TrainingPlan, comment: str) -> TrainingPlan:
    _require(actor, "cadets.review_plan", plan.trainee)
    plan = _locked(plan)
    if plan.status != TrainingPlan.Status.SUBMITTED:
        raise ValidationError(MSG_NOT_SUBMITTED)
    if not comment.strip():
        raise ValidationError(MSG_RETURN_NEEDS_COMMENT)
    plan.status = TrainingPlan.Status.RETURNED
    plan.save(update_fields=["status", "updated_at"])
    PlanEvent.objects.create(
        plan=plan, action=PlanEvent.Action.RETURNED, actor=actor, comment=comment.strip()
    )
    return plan


def can_acknowledge(user, trainee: Trainee) -> bool:
    """Only the trainee themselves: a superuser's blanket permissions do not count here."""
    return (
        trainee.user_id is not None
        and trainee.user_id == user.pk
        and user.has_perm("cadets.acknowledge_plan", trainee)
    )


@transaction.atomic
def plan_acknowledge(*, actor, plan: TrainingPlan) -> TrainingPlan:
    if not can_acknowledge(actor, plan.trainee):
        raise PermissionDenied
    plan = _locked(plan)
    if plan.status != TrainingPlan.Status.APPROVED:
        raise ValidationError(MSG_NOT_APPROVED)
    plan.status = TrainingPlan.Status.ACKNOWLEDGED
    plan.acknowledged_at = timezone.now()
    plan.save(update_fields=["status", "acknowledged_at", "updated_at"])
    PlanEvent.objects.create(plan=plan, action=PlanEvent.Action.ACKNOWLEDGED, actor=actor)
    return plan


@transaction.atomic
def milestone_mark_done(
    *, actor, milestone: PlanMilestone, done_on: dt.date, note: str = ""
) -> PlanMilestone:
    # The plan as it is now, not as the caller last saw it.
    plan = TrainingPlan.objects.select_related("trainee").get(pk=milestone.plan_id)
    _require(actor, "cadets.mark_milestone", plan.trainee)
    if not plan.is_in_force:
        raise ValidationError(MSG_MILESTONE_NOT_IN_FORCE)
    milestone.done_on = done_on
    milestone.done_note = note
    milestone.done_by = actor
    milestone.full_clean()
    milestone.save()
    return milestone


def _require(actor, perm: str, trainee: Trainee) -> None:
    if not actor.has_perm(perm, trainee):
        raise PermissionDenied
    if not Trainee.objects.visible_to(actor).filter(pk=trainee.pk).exists():
        raise PermissionDenied


def _locked(plan: TrainingPlan) -> TrainingPlan:
    """The plan re-read under a row lock, so that two reviewers cannot both decide."""
    locked = TrainingPlan.objects.select_for_update().select_related("trainee").get(pk=plan.pk)
    return locked
