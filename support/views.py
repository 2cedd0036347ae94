from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from cadets.models import Programme
from cadets.panels import panel_url
from cadets.views import get_trainee_for_user

from . import services
from .filters import CareRecordFilter, DifficultyFilter, EntitlementFilter
from .forms import (
    CareRecordForm,
    DifficultyHandleForm,
    DifficultyRaiseForm,
    EntitlementForm,
    EntitlementTypeForm,
    SupportSettingsForm,
)
from .models import CareRecord, Difficulty, Entitlement, EntitlementType, SupportSettings

PAGE_SIZE = 25
TRAINEE_ROW = ("trainee__county", "trainee__township")


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _page(request: HttpRequest, filterset, template: str, extra: dict | None = None):
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode(), **(extra or {})}
    return render(request, template, context)


# --- Difficulties ------------------------------------------------------------------------------


@login_required
def difficulty_list(request: HttpRequest) -> HttpResponse:
    """困难诉求: open ones first, with their owner and due date, in the viewer's scope."""
    _require(request, "support.list_records")
    rows = Difficulty.objects.visible_to(request.user).select_related(*TRAINEE_ROW, "owner")
    filterset = DifficultyFilter(request.GET or {"status": "open"}, queryset=rows)
    return _page(
        request,
        filterset,
        "support/difficulty_list.html",
        {"today": timezone.localdate()},
    )


@login_required
def difficulty_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff record a difficulty for a trainee; a trainee raises one for themselves."""
    trainee = get_trainee_for_user(request, pk)
    _require(request, "support.raise_difficulty", trainee)
    form = DifficultyRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        difficulty = services.difficulty_raise(
            actor=request.user, trainee=trainee, difficulty=form.save(commit=False)
        )
        messages.success(request, services.MSG_RAISED)
        if request.user.role == Role.TRAINEE:
            return redirect(panel_url(None, "difficulties"))
        return redirect("support:difficulty_detail", pk=difficulty.pk)
    return render(
        request,
        "support/form_page.html",
        {
            "form": form,
            "title": _("Raise a difficulty"),
            "subtitle": trainee.name,
            "intro": _(
                "What you write here is read by the staff of your township, county and city "
                "only — never by other trainees or your mentor."
            )
            if request.user.role == Role.TRAINEE
            else "",
            "back": panel_url(
                None if request.user.role == Role.TRAINEE else trainee.pk, "difficulties"
            ),
        },
    )


@login_required
def difficulty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    difficulty = get_object_or_404(
        Difficulty.objects.visible_to(request.user).select_related(
            *TRAINEE_ROW, "trainee__user", "owner", "raised_by"
        ),
        pk=pk,
    )
    can_handle = request.user.has_perm("support.handle_difficulty", difficulty.trainee)
    form = None
    if can_handle:
        form = DifficultyHandleForm(request.POST or None, instance=difficulty, user=request.user)
        if request.method == "POST" and form.is_valid():
            services.difficulty_handle(
                actor=request.user,
                difficulty=form.save(commit=False),
                resolved=form.cleaned_data["resolved"],
            )
            messages.success(request, _("Changes saved."))
            return redirect("support:difficulty_detail", pk=difficulty.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "support/difficulty_detail.html",
        {"difficulty": difficulty, "form": form, "today": timezone.localdate()},
    )


# --- Care records ------------------------------------------------------------------------------


@login_required
def care_list(request: HttpRequest) -> HttpResponse:
    _require(request, "support.list_records")
    rows = CareRecord.objects.visible_to(request.user).select_related(*TRAINEE_ROW)
    return _page(request, CareRecordFilter(request.GET, queryset=rows), "support/care_list.html")


@login_required
def care_create(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "support.add_care_record", trainee)
    form = CareRecordForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.care_record_create(
            actor=request.user, trainee=trainee, record=form.save(commit=False)
        )
        messages.success(request, _("The care record was saved."))
        return redirect(panel_url(trainee.pk, "care"))
    return render(
        request,
        "support/form_page.html",
        {
            "form": form,
            "title": _("Record a visit or talk"),
            "subtitle": trainee.name,
            "back": panel_url(trainee.pk, "care"),
        },
    )


# --- Entitlements ------------------------------------------------------------------------------


@login_required
def entitlement_list(request: HttpRequest) -> HttpResponse:
    _require(request, "support.list_records")
    rows = Entitlement.objects.visible_to(request.user).select_related(*TRAINEE_ROW, "type")
    return _page(
        request,
        EntitlementFilter(request.GET, queryset=rows.order_by("trainee__name", "type__kind")),
        "support/entitlement_list.html",
    )


@login_required
@require_POST
def entitlement_setup(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "support.change_entitlement", trainee)
    added = services.entitlements_set_up(actor=request.user, trainee=trainee)
    messages.success(
        request, _("%(n)d entitlements added from the programme's rules.") % {"n": added}
    )
    return redirect(panel_url(trainee.pk, "entitlements"))


@login_required
def entitlement_update(request: HttpRequest, pk: int) -> HttpResponse:
    entitlement = get_object_or_404(
        Entitlement.objects.visible_to(request.user).select_related("trainee", "type"), pk=pk
    )
    _require(request, "support.change_entitlement", entitlement.trainee)
    form = EntitlementForm(request.POST or None, instance=entitlement)
    if request.method == "POST" and form.is_valid():
        services.entitlement_update(actor=request.user, entitlement=form.save(commit=False))
        messages.success(request, _("Changes saved."))
        return redirect(panel_url(entitlement.trainee_id, "entitlements"))
    return render(
        request,
        "support/form_page.html",
        {
            "form": form,
            "title": entitlement.type.name,
            "subtitle": entitlement.trainee.name,
            "back": panel_url(entitlement.trainee_id, "entitlements"),
        },
    )


# --- Rules (city staff) ------------------------------------------------------------------------


@login_required
def rules_edit(request: HttpRequest) -> HttpResponse:
    """The rules page: the due days and research date, and the programme's entitlements."""
    _require(request, "support.change_rules")
    form = SupportSettingsForm(request.POST or None, instance=SupportSettings.current())
    if request.method == "POST" and form.is_valid():
        services.support_settings_update(actor=request.user, settings_row=form.save(commit=False))
        messages.success(request, _("Changes saved."))
        return redirect("support:rules")
    types = EntitlementType.objects.filter(programme=Programme.current())
    return render(request, "support/rules.html", {"form": form, "types": types})


@login_required
def entitlement_type_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, "support.change_rules")
    instance = get_object_or_404(EntitlementType, pk=pk) if pk else EntitlementType()
    form = EntitlementTypeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.entitlement_type_save(
                actor=request.user, entitlement_type=form.save(commit=False)
            )
        except ValidationError as error:  # the programme's names are unique (not a form field)
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("support:rules")
    return render(
        request,
        "support/form_page.html",
        {
            "form": form,
            "title": _("Entitlement of the programme"),
            "back": reverse("support:rules"),
        },
    )
