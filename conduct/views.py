from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadets.models import Trainee
from cadets.panels import panel_url
from cadets.views import get_trainee_for_user

from . import services
from .audit import FIELD_DISCIPLINE, FIELD_TOLERANCE, audit_read, audit_reads
from .filters import AwardFilter, DisciplineFilter, ExemplaryCaseFilter, ToleranceCaseFilter
from .forms import (
    AwardForm,
    ConductSettingsForm,
    DisciplineForm,
    ExemplaryCaseForm,
    ToleranceCaseForm,
    ToleranceConditionForm,
)
from .models import (
    Award,
    ConductSettings,
    Discipline,
    ExemplaryCase,
    ToleranceCase,
    ToleranceCondition,
    org_department_q,
)

PAGE_SIZE = 25
TRAINEE_ROW = ("trainee__county", "trainee__township")


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def get_trainee_for_org_department(request: HttpRequest, pk: int) -> Trainee:
    """A trainee whose sensitive records the user may keep: 404 for everyone but the
    organisation department over the trainee (the records' existence is not revealed)."""
    return get_object_or_404(
        Trainee.objects.filter(org_department_q(request.user, via="")).select_related(
            "county", "township"
        ),
        pk=pk,
    )


def _page(request: HttpRequest, filterset, template: str, extra: dict | None = None):
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {"filter": filterset, "page": page, "query": query.urlencode(), **(extra or {})},
    ), page


def _form_page(request, form, *, title, trainee, panel="conduct", back=None, intro=""):
    """A form about a trainee; its Back link goes to `panel` of the trainee's page."""
    return render(
        request,
        "conduct/form_page.html",
        {
            "form": form,
            "title": title,
            "subtitle": trainee.name if trainee else "",
            "intro": intro,
            "back": back or (panel_url(trainee.pk, panel) if trainee else ""),
        },
    )


# --- 容错纠错 ----------------------------------------------------------------------------------


@login_required
def tolerance_list(request: HttpRequest) -> HttpResponse:
    rows = ToleranceCase.objects.visible_to(request.user).select_related(*TRAINEE_ROW, "decided_by")
    _require(request, "conduct.manage")
    response, page = _page(
        request, ToleranceCaseFilter(request.GET, queryset=rows), "conduct/tolerance_list.html"
    )
    audit_reads(
        actor=request.user, records=page.object_list, field=FIELD_TOLERANCE, request=request
    )
    return response


@login_required
def tolerance_create(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_org_department(request, pk)
    _require(request, "conduct.manage", trainee)
    form = ToleranceCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = services.tolerance_case_save(
            actor=request.user,
            case=form.save(commit=False),
            conditions=form.cleaned_data["conditions_met"],
            trainee=trainee,
        )
        messages.success(request, services.MSG_CASE_SAVED)
        return redirect("conduct:tolerance_detail", pk=case.pk)
    return _form_page(request, form, title=_("Record a tolerance case (容错)"), trainee=trainee)


def _get_case(request: HttpRequest, pk: int) -> ToleranceCase:
    return get_object_or_404(
        ToleranceCase.objects.visible_to(request.user).select_related(
            *TRAINEE_ROW, "decided_by", "recorded_by"
        ),
        pk=pk,
    )


@login_required
def tolerance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(request, pk)
    audit_read(actor=request.user, record=case, field=FIELD_TOLERANCE, request=request)
    return render(
        request,
        "conduct/tolerance_detail.html",
        {"case": case, "conditions": list(case.conditions_met.all())},
    )


@login_required
def tolerance_update(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(request, pk)
    _require(request, "conduct.manage", case.trainee)
    audit_read(actor=request.user, record=case, field=FIELD_TOLERANCE, request=request)
    form = ToleranceCaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        services.tolerance_case_save(
            actor=request.user,
            case=form.save(commit=False),
            conditions=form.cleaned_data["conditions_met"],
        )
        messages.success(request, services.MSG_CASE_SAVED)
        return redirect("conduct:tolerance_detail", pk=case.pk)
    return _form_page(
        request,
        form,
        title=_("Assess and decide"),
        trainee=case.trainee,
        back=reverse("conduct:tolerance_detail", args=[case.pk]),
    )


# --- 奖惩 --------------------------------------------------------------------------------------


@login_required
def award_list(request: HttpRequest) -> HttpResponse:
    _require(request, "conduct.list_awards")
    rows = Award.objects.visible_to(request.user).select_related(*TRAINEE_ROW)
    return _page(request, AwardFilter(request.GET, queryset=rows), "conduct/award_list.html")[0]


@login_required
def award_create(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "conduct.manage", trainee)
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.award_create(actor=request.user, trainee=trainee, award=form.save(commit=False))
        messages.success(request, _("The award was recorded."))
        return redirect(panel_url(trainee.pk, "awards"))
    return _form_page(request, form, title=_("Record an award"), trainee=trainee, panel="awards")


@login_required
def discipline_list(request: HttpRequest) -> HttpResponse:
    rows = Discipline.objects.visible_to(request.user).select_related(*TRAINEE_ROW)
    _require(request, "conduct.manage")
    response, page = _page(
        request,
        DisciplineFilter(request.GET, queryset=rows),
        "conduct/discipline_list.html",
        {"today": timezone.localdate()},
    )
    audit_reads(
        actor=request.user, records=page.object_list, field=FIELD_DISCIPLINE, request=request
    )
    return response


@login_required
def discipline_create(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_org_department(request, pk)
    _require(request, "conduct.manage", trainee)
    form = DisciplineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = services.discipline_create(
            actor=request.user, trainee=trainee, record=form.save(commit=False)
        )
        messages.success(request, _("The disciplinary record was saved."))
        return redirect("conduct:discipline_detail", pk=record.pk)
    return _form_page(request, form, title=_("Record a disciplinary measure"), trainee=trainee)


@login_required
def discipline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        Discipline.objects.visible_to(request.user).select_related(*TRAINEE_ROW, "recorded_by"),
        pk=pk,
    )
    audit_read(actor=request.user, record=record, field=FIELD_DISCIPLINE, request=request)
    return render(
        request,
        "conduct/discipline_detail.html",
        {"record": record, "in_effect": record.in_effect(timezone.localdate())},
    )


# --- 典型案例 ------------------------------------------------------------------------------------


@login_required
def exemplary_list(request: HttpRequest) -> HttpResponse:
    """A printable page of the exemplary cases: every level of staff, and trainees when the
    organisation department allows it."""
    _require(request, "conduct.see_exemplary")
    rows = ExemplaryCase.objects.visible_to(request.user).select_related(
        *TRAINEE_ROW, "key_task", "report"
    )
    return _page(
        request,
        ExemplaryCaseFilter(request.GET, queryset=rows),
        "conduct/exemplary_list.html",
    )[0]


@login_required
def exemplary_create(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "conduct.manage", trainee)
    initial = {"source": request.GET.get("source", "record")}
    form = ExemplaryCaseForm(request.POST or None, trainee=trainee, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.exemplary_create(actor=request.user, trainee=trainee, case=form.save(commit=False))
        messages.success(request, _("The case is listed among the exemplary cases."))
        return redirect("conduct:exemplary_list")
    return _form_page(
        request, form, title=_("Mark as an exemplary case"), trainee=trainee, panel="awards"
    )


# --- Rules -------------------------------------------------------------------------------------


@login_required
def rules_edit(request: HttpRequest) -> HttpResponse:
    _require(request, "conduct.change_rules")
    form = ConductSettingsForm(request.POST or None, instance=ConductSettings.current())
    if request.method == "POST" and form.is_valid():
        services.conduct_settings_update(actor=request.user, settings_row=form.save(commit=False))
        messages.success(request, _("Changes saved."))
        return redirect("conduct:rules")
    return render(
        request,
        "conduct/rules.html",
        {"form": form, "conditions": ToleranceCondition.objects.all()},
    )


@login_required
def condition_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, "conduct.change_rules")
    instance = get_object_or_404(ToleranceCondition, pk=pk) if pk else ToleranceCondition()
    form = ToleranceConditionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.tolerance_condition_save(actor=request.user, condition=form.save(commit=False))
        messages.success(request, _("Changes saved."))
        return redirect("conduct:rules")
    return _form_page(
        request,
        form,
        title=_("Condition of the tolerance policy"),
        trainee=None,
        back=reverse("conduct:rules"),
    )
