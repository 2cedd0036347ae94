from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .filters import TraineeFilter
from .forms import TraineeForm
from .models import Trainee
from .panels import OVERVIEW, SECTIONS, panels_for, section_url, sections_for
from .selectors import trainee_history
from .services import trainee_create, trainee_update

PAGE_SIZE = 25
LIST_COLUMNS = ("name", "id_number", "status", "cohort__name", "county__name", "township__name")


def get_trainee_for_user(request: HttpRequest, pk: int) -> Trainee:
    """A trainee through the user's scope; anything outside it is a 404 (docs/conventions.md)."""
    return get_object_or_404(
        Trainee.objects.visible_to(request.user).select_related(
            "cohort", "county", "township", "village", "user"
        ),
        pk=pk,
    )


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def trainee_list(request: HttpRequest) -> HttpResponse:
    _require(request, "cadets.list_trainees")
    queryset = Trainee.objects.visible_to(request.user)
    trainee_filter = TraineeFilter(request.GET, queryset=queryset, user=request.user)
    # What a row shows: the trainee's name, ID number and status, and the names of their
    # cohort, county and township.
    rows = trainee_filter.qs.select_related("cohort", "county", "township").only(*LIST_COLUMNS)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cadets/trainee_list.html",
        {"filter": trainee_filter, "page": page, "query": query.urlencode()},
    )


@login_required
def trainee_detail(request: HttpRequest, pk: int, section: str = OVERVIEW) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    return _render_trainee(request, trainee, section, own=False)


@login_required
def me(request: HttpRequest, section: str = OVERVIEW) -> HttpResponse:
    """我的: a trainee's own record."""
    trainee = (
        Trainee.objects.filter(user=request.user)
        .select_related("cohort", "county", "township", "village")
        .first()
    )
    if trainee is None:
        raise Http404
    return _render_trainee(request, trainee, section, own=True)


def _render_trainee(request: HttpRequest, trainee: Trainee, section: str, *, own: bool):
    """One section of the trainee page: the panels of that section only (cadets/panels.py),
    under the tabs of the sections the viewer is offered. The overview also shows the record
    itself and, for those who may edit it, its history."""
    overview = section == OVERVIEW
    can_edit = request.user.has_perm("cadets.change_trainee", trainee)
    link_pk = None if own else trainee.pk
    offered = {s.key for s in sections_for(request.user)}
    return render(
        request,
        "cadets/trainee_detail.html",
        {
            "trainee": trainee,
            "section": next(s for s in SECTIONS if s.key == section),
            "tabs": [
                (s, section_url(link_pk, s.key))
                for s in SECTIONS
                if s.key in offered or s.key == section
            ],
            "overview": overview,
            "history": trainee_history(trainee) if overview and can_edit else None,
            "can_edit": can_edit,
            "panels": panels_for(request, trainee, section),
        },
    )


@login_required
def trainee_create_view(request: HttpRequest) -> HttpResponse:
    _require(request, "cadets.add_trainee")
    form = TraineeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        trainee = trainee_create(actor=request.user, trainee=form.save(commit=False))
        messages.success(request, _("Trainee %(name)s was created.") % {"name": trainee.name})
        return redirect("cadets:trainee_detail", pk=trainee.pk)
    return render(request, "cadets/trainee_form.html", {"form": form, "trainee": None})


@login_required
def trainee_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "cadets.change_trainee", trainee)
    form = TraineeForm(request.POST or None, instance=trainee, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            trainee_update(
                actor=request.user,
                trainee=form.save(commit=False),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as error:
            # Show the latest version and keep what the user typed visible in the message.
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("cadets:trainee_detail", pk=trainee.pk)
    return render(request, "cadets/trainee_form.html", {"form": form, "trainee": trainee})
