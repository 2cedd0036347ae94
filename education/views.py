"""教育培训 pages: courses and study sessions, enrolment, attendance and completion, the hours
of each trainee in a year, the rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import OrgUnit
from accounts.scoping import units_q
from cadets.models import Trainee

from . import services
from .filters import CourseFilter, HoursFilter
from .forms import CourseForm, EnrolForm, EnrolmentFormSet, RulesForm
from .models import Course, Enrolment, TrainingRules
from .selectors import course_list, hours_list

PAGE_SIZE = 25
MSG_COURSE_SAVED = gettext_lazy("The course was saved.")
MSG_ENROLLED = gettext_lazy("{n} trainees were enrolled.")
MSG_RECORDED = gettext_lazy("Attendance and hours were saved.")
MSG_RULES_SAVED = gettext_lazy("The training rules were saved.")


def get_course_for_user(request: HttpRequest, pk: int) -> Course:
    return get_object_or_404(
        Course.objects.visible_to(request.user).select_related("organiser_unit"), pk=pk
    )


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _organiser_units(user):
    return (
        OrgUnit.objects.filter(units_q(user))
        .exclude(kind=OrgUnit.Kind.VILLAGE)
        .order_by("kind", "name")
    )


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def course_list_view(request: HttpRequest) -> HttpResponse:
    _require(request, "education.view_courses")
    filterset = CourseFilter(request.GET or None, queryset=course_list(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "education/course_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "can_add": request.user.has_perm("education.add_course"),
        },
    )


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    _require(request, "education.add_course")
    form = CourseForm(
        request.POST or None,
        units=_organiser_units(request.user),
        initial={
            "organiser_unit": request.user.org_unit_id,
            "organiser": getattr(request.user.org_unit, "name", ""),
        },
    )
    return _course_form(request, form, None)


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request, pk)
    _require(request, "education.change_course", course)
    form = CourseForm(request.POST or None, instance=course, units=_organiser_units(request.user))
    return _course_form(request, form, course)


def _course_form(request: HttpRequest, form: CourseForm, course: Course | None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            # A fresh copy: the form's instance was changed by its validation.
            saved = services.course_save(
                actor=request.user,
                course=Course.objects.get(pk=course.pk) if course else None,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, MSG_COURSE_SAVED)
            return redirect("education:course_detail", pk=saved.pk)
    return render(
        request,
        "education/course_form.html",
        {
            "form": form,
            "course": course,
            "title": _("Change the course") if course else _("New course"),
        },
    )


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request, pk)
    _require(request, "education.view_courses")
    can_change = request.user.has_perm("education.change_course", course)
    enrolments = (
        Enrolment.objects.visible_to(request.user)
        .filter(course=course)
        .select_related("trainee__township")
        .order_by("trainee__name", "pk")
    )
    return render(
        request,
        "education/course_detail.html",
        {
            "course": course,
            "enrolments": enrolments,
            "can_change": can_change,
            "enrol_form": EnrolForm(trainees=_enrollable(request.user)) if can_change else None,
        },
    )


def _enrollable(user):
    return (
        Trainee.objects.visible_to(user)
        .filter(status=Trainee.Status.TRAINING)
        .select_related("township")
        .order_by("township__name", "name")
    )


@require_POST
@login_required
def course_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request, pk)
    _require(request, "education.change_course", course)
    form = EnrolForm(request.POST, trainees=_enrollable(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("education:course_detail", pk=pk)
    added = services.course_enrol(
        actor=request.user,
        course=course,
        cohort=form.cleaned_data["cohort"],
        trainees=list(form.cleaned_data["trainees"]),
    )
    messages.success(request, MSG_ENROLLED.format(n=added))
    return redirect("education:course_detail", pk=pk)


@login_required
def course_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance and completion of the enrolled trainees in the user's scope."""
    course = get_course_for_user(request, pk)
    _require(request, "education.change_course", course)
    enrolments = (
        Enrolment.objects.visible_to(request.user)
        .filter(course=course)
        .select_related("trainee")
        .order_by("trainee__name", "pk")
    )
    formset = EnrolmentFormSet(request.POST or None, queryset=enrolments)
    if request.method == "POST" and formset.is_valid():
        try:
            services.enrolments_record(
                actor=request.user,
                course=course,
                values={form.instance.pk: form.cleaned_data for form in formset.forms},
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, MSG_RECORDED)
            return redirect("education:course_detail", pk=pk)
    return render(request, "education/course_record.html", {"course": course, "formset": formset})


@login_required
def hours(request: HttpRequest) -> HttpResponse:
    """Each trainee's training hours in a year against the hours required."""
    _require(request, "education.view_hours")
    year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or year)
    except ValueError:
        pass
    filterset = HoursFilter(
        request.GET or None, queryset=hours_list(request.user, year), user=request.user
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "education/hours.html",
        {"filter": filterset, "page": page, "year": year, "query": _query(request)},
    )


@login_required
def rules_edit(request: HttpRequest) -> HttpResponse:
    _require(request, "education.manage_rules")
    rules = TrainingRules.current()
    form = RulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        services.rules_update(
            actor=request.user, rules=rules, required_hours=form.cleaned_data["required_hours"]
        )
        messages.success(request, MSG_RULES_SAVED)
        return redirect("education:rules")
    return render(request, "education/rules.html", {"form": form})
