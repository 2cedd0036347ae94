"""Pages of the rotation planner: start a run, watch its progress, review, pin or remove single
proposals, re-run, accept or discard (rotations/planner_runs.py does the writing).

A run is reached through `planner_runs.get_run_for_user` (404 unless every trainee of the run is
in the user's scope), then `rotations.run_planner` decides the action (403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadets.models import Trainee

from . import coverage as cov
from . import planner_runs
from .forms import PlannerStartForm
from .models import PlannerRun, Post, PostCategory
from .selectors import ProposedStint, rule_set, stints_of, timeline, warning_texts
from .views import _require, _rotations_prefetch

RECENT_RUNS = 10


@login_required
def planner_start(request: HttpRequest) -> HttpResponse:
    """Choose the trainees and the horizon; the run is queued and its page shows progress."""
    _require(request, "rotations.run_planner")
    today = timezone.localdate()
    form = PlannerStartForm(
        request.POST or None,
        user=request.user,
        initial={"horizon_start": today.replace(day=1), "horizon_months": 24},
    )
    if request.method == "POST" and form.is_valid():
        trainees, label = form.chosen()
        try:
            run = planner_runs.run_start(
                actor=request.user,
                trainees=trainees,
                horizon_start=form.cleaned_data["horizon_start"],
                horizon_months=form.cleaned_data["horizon_months"],
                scope_label=label,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("rotations:planner_run", pk=run.pk)
    runs = PlannerRun.objects.for_user(request.user)[:RECENT_RUNS]
    return render(request, "rotations/planner_start.html", {"form": form, "runs": runs})


def _run(request: HttpRequest, pk: int) -> PlannerRun:
    run = planner_runs.get_run_for_user(request, pk)
    _require(request, "rotations.run_planner")
    return run


@login_required
def planner_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The run: its progress while it runs; then the proposal on the timeline, what changes and
    the coverage it reaches, or why no plan exists."""
    run = _run(request, pk)
    context = {"run": run, "error": None}
    if not run.is_active:
        context.update(_review(run))
    return render(request, "rotations/planner_run.html", context)


def _review(run: PlannerRun) -> dict:
    today = timezone.localdate()
    trainees = list(
        Trainee.objects.filter(pk__in=run.trainee_ids)
        .select_related("township", "cohort")
        .prefetch_related(_rotations_prefetch())
        .order_by("township__code", "name", "pk")
    )
    by_pk = {t.pk: t for t in trainees}
    posts = Post.objects.filter(pk__in={p["post"] for p in run.proposals})
    posts = {p.pk: p for p in posts.select_related("category", "village")}
    proposed: dict[int, list[ProposedStint]] = {}
    changes: dict[int, list[dict]] = {}
    # Once accepted, the proposals are rotations: listed as what changed, no longer drawn apart.
    overlay = run.status != PlannerRun.Status.ACCEPTED
    for p in run.proposals:
        trainee, post = by_pk.get(p["trainee"]), posts.get(p["post"])
        if trainee is None or post is None:
            continue
        starts_on, ends_on = planner_runs.proposal_dates(
            trainee, run.horizon_start, p["start"], p["end"]
        )
        if overlay:
            proposed.setdefault(trainee.pk, []).append(ProposedStint(post, starts_on, ends_on))
        changes.setdefault(trainee.pk, []).append(
            {
                "key": planner_runs.proposal_key(p),
                "post": post,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "months": p["end"] - p["start"],
                "pinned": p.get("pinned", False),
            }
        )
    rules = rule_set()
    rows, complete = [], 0
    for trainee in trainees:
        stints = stints_of(trainee.rotations.all())
        stints += [
            cov.Stint(
                post=s.post,
                category=s.post.category_id,
                starts_on=s.starts_on,
                ends_on=s.ends_on,
                is_village=s.post.category.is_village,
            )
            for s in proposed.get(trainee.pk, ())
        ]
        coverage = cov.compute_coverage(
            stints,
            rules=rules.data,
            training_starts=trainee.reported_on,
            training_ends=trainee.training_ends_on,
            today=today,
        )
        complete += not coverage.missing
        rows.append(
            {
                "trainee": trainee,
                "changes": changes.get(trainee.pk, []),
                "cells": [(rules.categories[c.category], c) for c in coverage.categories],
                "warnings": warning_texts(coverage, rules),
                "complete": not coverage.missing,
            }
        )
    return {
        "timeline": timeline(trainees, today, proposed),
        "categories": PostCategory.objects.filter(is_active=True),
        "rows": rows,
        "complete": complete,
        "today": today,
        "proposal_count": sum(len(v) for v in changes.values()),
    }


@login_required
def planner_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx every second; once the run is done, the page reloads."""
    run = _run(request, pk)
    response = render(request, "rotations/_planner_progress.html", {"run": run})
    if not run.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


def _redirect_back(run: PlannerRun) -> HttpResponse:
    return redirect("rotations:planner_run", pk=run.pk)


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def planner_pin(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        pinned = planner_runs.run_toggle_pin(
            actor=request.user, run=run, key=request.POST.get("key", "")
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("Pinned: a re-run keeps this proposal.") if pinned else _("No longer pinned."),
        )
    return _redirect_back(run)


@login_required
@require_POST
def planner_remove(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        planner_runs.run_remove(actor=request.user, run=run, key=request.POST.get("key", ""))
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The proposal was removed from the plan."))
    return _redirect_back(run)


@login_required
@require_POST
def planner_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        planner_runs.run_rerun(actor=request.user, run=run)
    except ValidationError as error:
        _report(request, error)
    return _redirect_back(run)


@login_required
def planner_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then a POST that creates every proposal as a rotation, or none."""
    run = _run(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            created = planner_runs.run_accept(actor=request.user, run=run, request=request)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("The plan was accepted: %(count)s rotations created.") % {"count": len(created)},
            )
            return _redirect_back(run)
    return render(
        request,
        "rotations/planner_confirm.html",
        {"run": run, "action": "accept", "errors": errors},
    )


@login_required
def planner_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then a POST that drops the plan; no rotation is touched."""
    run = _run(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            planner_runs.run_discard(actor=request.user, run=run)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The plan was discarded."))
            return redirect("rotations:planner")
    return render(
        request,
        "rotations/planner_confirm.html",
        {"run": run, "action": "discard", "errors": errors},
    )
