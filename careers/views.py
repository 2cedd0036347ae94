from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cadets.models import Trainee
from cadets.panels import panel_url
from cadets.views import get_trainee_for_user

from . import analysis, matching, services
from .forms import (
    ClosureForm,
    ConfigForm,
    DecisionForm,
    FollowUpForm,
    OutcomesForm,
    ProfileForm,
    ShortlistForm,
    TransferFilter,
    TransferForm,
)
from .models import CareersConfig, FollowUp, PostProfile, Shortlist, Transfer
from .reminders import followed_in

PAGE_SIZE = 25
MSG_TRANSFER_SUBMITTED = _("The transfer has been submitted for approval.")
MSG_DECIDED = _("The decision has been recorded.")
MSG_FOLLOW_UP_SAVED = _("The follow-up record has been saved.")
MSG_CLOSED = _("The follow-up has been closed.")
MSG_PROFILE_SAVED = _("The post profile has been saved.")
MSG_SHORTLIST_SAVED = _("The shortlist has been saved.")
MSG_OUTCOMES_RECORDED = _("{n} outcome(s) recorded.")
MSG_CONFIG_SAVED = _("The careers rules have been saved.")


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _page(request: HttpRequest, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Transfers ----------------------------------------------------------------------------------


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    _require(request, "careers.view_transfers")
    queryset = Transfer.objects.visible_to(request.user).select_related(
        "trainee", "from_unit", "to_unit"
    )
    transfer_filter = TransferFilter(request.GET, queryset=queryset)
    return render(
        request,
        "careers/transfer_list.html",
        {
            "filter": transfer_filter,
            "page": _page(request, transfer_filter.qs),
            "query": _query_without_page(request),
        },
    )


@login_required
def transfer_create(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "careers.draft_transfer")
    transfer = Transfer(trainee=trainee, from_unit=trainee.village or trainee.township)
    form = TransferForm(request.POST or None, instance=transfer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_draft(actor=request.user, transfer=form.instance)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, MSG_TRANSFER_SUBMITTED)
            return redirect("careers:transfer_detail", pk=transfer.pk)
    return render(
        request,
        "careers/transfer_form.html",
        {
            "form": form,
            "trainee": trainee,
            "service_ends_on": services.minimum_service_ends_on(trainee),
        },
    )


def _get_transfer(request: HttpRequest, pk: int) -> Transfer:
    return get_object_or_404(
        Transfer.objects.visible_to(request.user).select_related(
            "trainee__township", "trainee__county", "from_unit", "to_unit", "drafted_by"
        ),
        pk=pk,
    )


@login_required
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _get_transfer(request, pk)
    _require(request, "careers.view_transfers")
    return render(
        request,
        "careers/transfer_detail.html",
        {
            "transfer": transfer,
            "decisions": transfer.decisions.select_related("decided_by"),
            "service_ends_on": services.minimum_service_ends_on(transfer.trainee),
            "can_decide": request.user.has_perm("careers.decide_transfer", transfer),
            "form": DecisionForm(),
        },
    )


@require_POST
@login_required
def transfer_decide(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _get_transfer(request, pk)
    _require(request, "careers.decide_transfer", transfer)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.transfer_decide(
                actor=request.user,
                transfer=transfer,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, MSG_DECIDED)
    else:
        messages.error(request, _("Choose approve or refuse."))
    return redirect("careers:transfer_detail", pk=transfer.pk)


# Follow-up ----------------------------------------------------------------------------------


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    _require(request, "careers.record_follow_up")
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    year = (
        int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else today.year - 1
    )
    config = CareersConfig.current()
    rows = (
        followed_in(year, config)
        .filter(pk__in=Trainee.objects.visible_to(request.user).values("pk"))
        .select_related("county", "township", "cohort")
        .order_by("county__code", "name", "pk")
    )
    recorded = (
        FollowUp.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("trainee__county")
        .order_by("trainee__name", "pk")
    )
    return render(
        request,
        "careers/follow_up_list.html",
        {
            "year": year,
            "years": range(today.year, today.year - 6, -1),
            "due_on": config.follow_up_due_on(year),
            "page": _page(request, rows),
            "recorded": recorded[:PAGE_SIZE],
            "query": f"year={year}",
        },
    )


@login_required
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "careers.record_follow_up")
    year = request.GET.get("year", "")
    initial = {
        "year": int(year) if year.isdigit() else timezone.localdate().year - 1,
        "unit": trainee.township.name,
        "post": trainee.current_post,
    }
    form = FollowUpForm(request.POST or None, instance=FollowUp(trainee=trainee), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(actor=request.user, follow_up=form.instance)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, MSG_FOLLOW_UP_SAVED)
            return redirect(panel_url(trainee.pk, "follow_up"))
    return render(
        request,
        "careers/follow_up_form.html",
        {
            "form": form,
            "trainee": trainee,
            "years": services.follow_up_years(trainee),
            "history": trainee.follow_ups.order_by("-year"),
        },
    )


@login_required
def follow_up_close(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "careers.record_follow_up")
    form = ClosureForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_close(actor=request.user, trainee=trainee, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, MSG_CLOSED)
            return redirect(panel_url(trainee.pk, "follow_up"))
    return render(request, "careers/follow_up_close.html", {"form": form, "trainee": trainee})


# Matching -----------------------------------------------------------------------------------


@login_required
def profile_list(request: HttpRequest) -> HttpResponse:
    _require(request, "careers.use_matching")
    profiles = (
        PostProfile.objects.visible_to(request.user)
        .select_related("owner_unit")
        .annotate(n_shortlists=Count("shortlists"))
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "careers/profile_list.html",
        {"page": _page(request, profiles), "query": ""},
    )


def _get_profile(request: HttpRequest, pk: int) -> PostProfile:
    profile = get_object_or_404(PostProfile.objects.visible_to(request.user), pk=pk)
    _require(request, "careers.use_matching")
    return profile


@login_required
def profile_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        _require(request, "careers.use_matching")
        profile = PostProfile(scope=PostProfile.Scope.POOL)
    else:
        profile = _get_profile(request, pk)
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(
                actor=request.user,
                profile=form.instance,
                categories=form.cleaned_data["categories"],
                counties=form.cleaned_data["counties"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, MSG_PROFILE_SAVED)
            return redirect("careers:profile_detail", pk=form.instance.pk)
    return render(request, "careers/profile_form.html", {"form": form, "profile": profile})


@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _get_profile(request, pk)
    show_all = request.GET.get("all") == "1"
    found = matching.candidates(profile, request.user, timezone.localdate())
    eligible = sum(1 for c in found if c.eligible)
    shown = found if show_all else [c for c in found if c.eligible]
    return render(
        request,
        "careers/profile_detail.html",
        {
            "profile": profile,
            "page": _page(request, shown),
            "query": "all=1" if show_all else "",
            "show_all": show_all,
            "eligible": eligible,
            "considered": len(found),
            "shortlists": profile.shortlists.annotate(n=Count("entries")).order_by("-created_at"),
            "form": ShortlistForm(),
        },
    )


@require_POST
@login_required
def shortlist_save(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _get_profile(request, pk)
    chosen = {int(v) for v in request.POST.getlist("trainee") if v.isdigit()}
    form = ShortlistForm(request.POST)
    found = matching.candidates(profile, request.user, timezone.localdate())
    picked = [c for c in found if c.trainee.pk in chosen]
    if not form.is_valid() or not picked:
        messages.error(request, services.MSG_SHORTLIST_EMPTY)
        return redirect("careers:profile_detail", pk=profile.pk)
    shortlist = services.shortlist_save(
        actor=request.user, profile=profile, candidates=picked, note=form.cleaned_data["note"]
    )
    messages.success(request, MSG_SHORTLIST_SAVED)
    return redirect("careers:shortlist_detail", pk=shortlist.pk)


def _get_shortlist(request: HttpRequest, pk: int) -> Shortlist:
    shortlist = get_object_or_404(
        Shortlist.objects.visible_to(request.user).select_related("profile", "created_by"), pk=pk
    )
    _require(request, "careers.use_matching")
    return shortlist


def _entries(request: HttpRequest, shortlist: Shortlist):
    # The entries of trainees the reader can still see (a trainee may have moved away).
    return shortlist.entries.filter(
        trainee__in=Trainee.objects.visible_to(request.user).values("pk")
    ).select_related("trainee__county", "trainee__township", "trainee__cohort")


@login_required
def shortlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _get_shortlist(request, pk)
    return render(
        request,
        "careers/shortlist_detail.html",
        {
            "shortlist": shortlist,
            "entries": _entries(request, shortlist),
            "form": OutcomesForm(initial={"decided_on": timezone.localdate()}),
            "can_record": request.user.has_perm("assessments.record_outcome"),
        },
    )


@require_POST
@login_required
def shortlist_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _get_shortlist(request, pk)
    _require(request, "assessments.record_outcome")
    form = OutcomesForm(request.POST)
    chosen = {int(v) for v in request.POST.getlist("entry") if v.isdigit()}
    entries = [e for e in _entries(request, shortlist) if e.pk in chosen]
    if not form.is_valid() or not entries:
        messages.error(request, _("Choose the trainees and the outcome."))
        return redirect("careers:shortlist_detail", pk=shortlist.pk)
    outcomes = services.shortlist_outcomes(
        actor=request.user, shortlist=shortlist, entries=entries, **form.cleaned_data
    )
    messages.success(request, str(MSG_OUTCOMES_RECORDED).format(n=len(outcomes)))
    return redirect("careers:shortlist_detail", pk=shortlist.pk)


# Analysis -----------------------------------------------------------------------------------


@login_required
def analysis_view(request: HttpRequest) -> HttpResponse:
    _require(request, "careers.view_analysis")
    today = timezone.localdate()
    cohorts = analysis.retention(request.user, today)
    chosen = request.GET.get("cohort", "")
    return render(
        request,
        "careers/analysis.html",
        {
            "today": today,
            "breakdowns": analysis.structure(request.user, today, request.GET),
            "cohorts": cohorts,
            "cohort_years": [c.year for c in cohorts],
            "chosen": chosen,
            "curve": next((c for c in cohorts if str(c.year) == chosen), None)
            or (cohorts[0] if cohorts else None),
        },
    )


@login_required
def analysis_trainees(request: HttpRequest) -> HttpResponse:
    _require(request, "careers.view_analysis")
    today = timezone.localdate()
    dim, value = request.GET.get("dim", ""), request.GET.get("value", "")
    # No dimension: every trainee in scope (the analysis's total).
    condition = analysis.drill_filter(dim, value, today) if dim else Q()
    if condition is None:
        raise Http404
    rows = (
        analysis.in_scope(request.user, request.GET)
        .filter(condition)
        .select_related("cohort", "county", "township")
        .order_by("name", "pk")
    )
    return render(
        request,
        "careers/analysis_trainees.html",
        {
            "dimension": analysis.DIMENSIONS[dim] if dim else _("All trainees"),
            "label": analysis.dimension_label(dim, value) if dim else "",
            "page": _page(request, rows),
            "query": _query_without_page(request),
        },
    )


@login_required
def config_edit(request: HttpRequest) -> HttpResponse:
    _require(request, "careers.manage_rules")
    form = ConfigForm(request.POST or None, instance=CareersConfig.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, MSG_CONFIG_SAVED)
        return redirect("careers:config")
    return render(request, "careers/config.html", {"form": form})
