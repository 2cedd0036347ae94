"""Pages of the individual training plan (个性化培养方案). Every page takes the trainee's id and
fetches through `get_trainee_for_user`, so a trainee outside the user's scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .locking import StaleEdit, expected_version, show_stale
from .models import PlanMilestone, TrainingPlan
from .plan_diff import compare
from .plan_forms import MilestoneDoneForm, MilestoneFormSet, PlanForm, ReviewForm
from .plan_services import (
    MilestoneData,
    can_acknowledge,
    milestone_mark_done,
    plan_acknowledge,
    plan_approve,
    plan_current,
    plan_draft,
    plan_open,
    plan_return,
    plan_submit,
    plan_update,
)
from .views import get_trainee_for_user


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _part_labels() -> dict[str, str]:
    labels = {
        part: str(TrainingPlan._meta.get_field(part).verbose_name) for part in TrainingPlan.PARTS
    }
    labels["milestones"] = _("Milestones")
    return labels


@login_required
def plan_detail(request: HttpRequest, pk: int, version: int | None = None) -> HttpResponse:
    """The plan in force (or the newest version), every version, its workflow and milestones."""
    trainee = get_trainee_for_user(request, pk)
    versions = list(trainee.plans.select_related("approved_by", "drafted_by"))
    if version is not None:
        plan = next((p for p in versions if p.version == version), None)
        if plan is None:
            raise Http404
    else:
        in_force = [p for p in versions if p.is_in_force]
        plan = in_force[0] if in_force else (versions[0] if versions else None)
    user = request.user
    open_version = next((p for p in versions if p.is_open), None)
    context = {
        "trainee": trainee,
        "plan": plan,
        "versions": versions,
        "open_version": open_version,
        "labels": _part_labels(),
        "can_draft": user.has_perm("cadets.draft_plan", trainee),
        "can_review": user.has_perm("cadets.review_plan", trainee),
        "can_acknowledge": can_acknowledge(user, trainee),
        "can_mark": user.has_perm("cadets.mark_milestone", trainee),
    }
    if plan is not None:
        context["milestones"] = list(plan.milestones.select_related("done_by"))
        context["events"] = list(plan.events.select_related("actor"))
        context["parts"] = [(context["labels"][p], getattr(plan, p)) for p in TrainingPlan.PARTS]
    return render(request, "cadets/plan_detail.html", context)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the draft or returned version, or start one (the first plan or a new version of
    the plan in force, prefilled from it)."""
    trainee = get_trainee_for_user(request, pk)
    _require(request, "cadets.draft_plan", trainee)
    plan = plan_open(trainee)
    if plan is not None and plan.status == TrainingPlan.Status.SUBMITTED:
        messages.info(request, _("This plan is awaiting approval and cannot be edited now."))
        return redirect("cadets:plan_detail", pk=trainee.pk)
    base = plan or plan_current(trainee)
    initial_milestones = (
        [{"title": m.title, "due_on": m.due_on} for m in base.milestones.all()] if base else []
    )
    form = PlanForm(request.POST or None, instance=plan or TrainingPlan(trainee=trainee))
    if plan is None and base is not None and request.method != "POST":
        form = PlanForm(
            initial={part: getattr(base, part) for part in TrainingPlan.PARTS},
            instance=TrainingPlan(trainee=trainee),
        )
    formset = MilestoneFormSet(request.POST or None, initial=initial_milestones, prefix="ms")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        parts = {part: form.cleaned_data[part] for part in TrainingPlan.PARTS}
        milestones = [
            MilestoneData(title=f.cleaned_data["title"], due_on=f.cleaned_data["due_on"])
            for f in formset
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        note = form.cleaned_data["change_note"]
        try:
            if plan is None:
                plan_draft(
                    actor=request.user,
                    trainee=trainee,
                    parts=parts,
                    milestones=milestones,
                    change_note=note,
                )
            else:
                plan_update(
                    actor=request.user,
                    plan=plan,
                    parts=parts,
                    milestones=milestones,
                    change_note=note,
                    expected_version=expected_version(form),
                )
        except StaleEdit as error:
            show_stale(form, plan, error)  # the text typed stays in the form and formset
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan was saved as a draft."))
            return redirect("cadets:plan_detail", pk=trainee.pk)
    return render(
        request,
        "cadets/plan_form.html",
        {"trainee": trainee, "form": form, "formset": formset, "plan": plan, "base": base},
    )


@login_required
@require_POST
def plan_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "cadets.draft_plan", trainee)
    plan = plan_open(trainee)
    if plan is None:
        raise Http404
    _run(request, lambda: plan_submit(actor=request.user, plan=plan), _("Submitted for approval."))
    return redirect("cadets:plan_detail", pk=trainee.pk)


@login_required
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation department approves the submitted version or returns it."""
    trainee = get_trainee_for_user(request, pk)
    _require(request, "cadets.review_plan", trainee)
    plan = trainee.plans.filter(status=TrainingPlan.Status.SUBMITTED).first()
    if plan is None:
        messages.info(request, _("No version of this plan is awaiting approval."))
        return redirect("cadets:plan_detail", pk=trainee.pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if "return" in request.POST:
                plan_return(actor=request.user, plan=plan, comment=comment)
                messages.success(request, _("The plan was returned with your comments."))
            else:
                plan_approve(actor=request.user, plan=plan, comment=comment)
                messages.success(request, _("The plan was approved."))
        except ValidationError as error:
            form.add_error("comment", error)
        else:
            return redirect("cadets:plan_detail", pk=trainee.pk)
    previous = plan_current(trainee)
    return render(
        request,
        "cadets/plan_review.html",
        {
            "trainee": trainee,
            "plan": plan,
            "form": form,
            "parts": [(_part_labels()[p], getattr(plan, p)) for p in TrainingPlan.PARTS],
            "milestones": plan.milestones.all(),
            "diffs": compare(previous, plan, _part_labels(), TrainingPlan.PARTS)
            if previous
            else None,
            "previous": previous,
        },
    )


@login_required
@require_POST
def plan_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    if not can_acknowledge(request.user, trainee):
        raise PermissionDenied
    plan = plan_current(trainee)
    if plan is None:
        raise Http404
    _run(
        request,
        lambda: plan_acknowledge(actor=request.user, plan=plan),
        _("You acknowledged the plan."),
    )
    return redirect("cadets:plan_detail", pk=trainee.pk)


@login_required
def plan_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two versions (?a=1&b=2; by default the two newest)."""
    trainee = get_trainee_for_user(request, pk)
    versions = list(trainee.plans.prefetch_related("milestones"))
    by_number = {p.version: p for p in versions}
    try:
        a = by_number[int(request.GET.get("a", versions[1].version))]
        b = by_number[int(request.GET.get("b", versions[0].version))]
    except (IndexError, KeyError, ValueError):
        a = b = None
    return render(
        request,
        "cadets/plan_compare.html",
        {
            "trainee": trainee,
            "versions": versions,
            "a": a,
            "b": b,
            "diffs": compare(a, b, _part_labels(), TrainingPlan.PARTS) if a and b else None,
        },
    )


@login_required
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan in force on one printable page (print CSS; the PDF comes with another issue)."""
    trainee = get_trainee_for_user(request, pk)
    plan = plan_current(trainee)
    if plan is None:
        raise Http404
    return render(
        request,
        "cadets/plan_print.html",
        {
            "trainee": trainee,
            "plan": plan,
            "parts": [(_part_labels()[p], getattr(plan, p)) for p in TrainingPlan.PARTS],
            "milestones": plan.milestones.all(),
            "printed_on": timezone.localdate(),
        },
    )


@login_required
def milestone_done(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    milestone = get_object_or_404(
        PlanMilestone.objects.select_related("plan__trainee"),
        pk=milestone_pk,
        plan__trainee=trainee,
    )
    _require(request, "cadets.mark_milestone", trainee)
    form = MilestoneDoneForm(
        request.POST or None,
        initial={"done_on": milestone.done_on or timezone.localdate(), "note": milestone.done_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            milestone_mark_done(
                actor=request.user,
                milestone=milestone,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Milestone marked done."))
            return redirect("cadets:plan_detail", pk=trainee.pk)
    return render(
        request,
        "cadets/plan_milestone.html",
        {"trainee": trainee, "milestone": milestone, "form": form},
    )


def _run(request: HttpRequest, action, success: str) -> None:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
