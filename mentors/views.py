from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.pagination import uncounted_page
from cadets.locking import StaleEdit, expected_version, show_stale
from cadets.panels import panel_url
from cadets.views import get_trainee_for_user

from . import services
from .forms import (
    FeedbackForm,
    MentorForm,
    MentoringConfigForm,
    MentorshipEndForm,
    MentorshipForm,
    NewMentorForm,
    TalkForm,
)
from .models import Mentor, MentoringConfig, Mentorship, MentorType, MonthlyFeedback
from .selectors import mentor_home, suggest_mentors, with_kind_labels

PAGE_SIZE = 25


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def get_mentor_for_user(request: HttpRequest, pk: int) -> Mentor:
    return get_object_or_404(
        Mentor.objects.visible_to(request.user).select_related("unit", "user"), pk=pk
    )


def get_mentorship_for_user(request: HttpRequest, pk: int) -> Mentorship:
    return get_object_or_404(
        Mentorship.objects.visible_to(request.user).select_related(
            "trainee", "mentor", "mentor__user"
        ),
        pk=pk,
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """我的帮带对象: the mentor's mentees with this month's record state, one tap to the form."""
    _require(request, "mentors.use_mentor_home")
    context = mentor_home(request.user, timezone.localdate())
    if context is None:
        raise Http404
    return render(request, "mentors/home.html", context)


@login_required
def mentor_list(request: HttpRequest) -> HttpResponse:
    _require(request, "mentors.list_mentors")
    today = timezone.localdate()
    mentors = (
        Mentor.objects.visible_to(request.user)
        .select_related("unit")
        .with_load(today)
        .order_by("unit__code", "name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        mentors = mentors.filter(name__contains=query)
    page = Paginator(mentors, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentors/mentor_list.html",
        {"page": page, "q": query, "query": f"q={query}" if query else ""},
    )


@login_required
def mentor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = get_mentor_for_user(request, pk)
    pairings = with_kind_labels(
        Mentorship.objects.visible_to(request.user)
        .filter(mentor=mentor)
        .select_related("trainee", "trainee__township")
        .order_by("ends_on", "-starts_on")
    )
    return render(
        request,
        "mentors/mentor_detail.html",
        {
            "mentor": mentor,
            "pairings": pairings,
            "can_edit": request.user.has_perm("mentors.change_mentor", mentor),
        },
    )


@login_required
def mentor_create(request: HttpRequest) -> HttpResponse:
    _require(request, "mentors.add_mentor")
    form = NewMentorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            mentor = services.mentor_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                mentor=form.save(commit=False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mentor %(name)s was added.") % {"name": mentor.name})
            return redirect("mentors:mentor_detail", pk=mentor.pk)
    return render(
        request,
        "mentors/form_page.html",
        {"form": form, "title": _("Add mentor"), "back": reverse("mentors:mentor_list")},
    )


@login_required
def mentor_update(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = get_mentor_for_user(request, pk)
    _require(request, "mentors.change_mentor", mentor)
    form = MentorForm(request.POST or None, instance=mentor, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_update(
                actor=request.user,
                mentor=form.save(commit=False),
                expected_version=expected_version(form),
            )
        except StaleEdit as error:
            show_stale(form, mentor, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("mentors:mentor_detail", pk=mentor.pk)
    return render(
        request,
        "mentors/form_page.html",
        {
            "form": form,
            "title": _("Edit mentor"),
            "subtitle": mentor.name,
            "back": reverse("mentors:mentor_detail", args=[mentor.pk]),
        },
    )


@login_required
def mentorship_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Pair a trainee with a mentor, with the mentors ranked by how well they suit."""
    trainee = get_trainee_for_user(request, pk)
    _require(request, "mentors.pair_mentor", trainee)
    today = timezone.localdate()
    initial = {"starts_on": today, "mentor": request.GET.get("mentor")}
    form = MentorshipForm(
        request.POST or None,
        instance=Mentorship(trainee=trainee),
        initial=initial,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_create(actor=request.user, mentorship=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The mentor was assigned."))
            return redirect(panel_url(trainee.pk, "mentors"))
    suggestions = suggest_mentors(actor=request.user, trainee=trainee, today=today)
    return render(
        request,
        "mentors/mentorship_form.html",
        {"trainee": trainee, "form": form, "suggestions": suggestions[:8]},
    )


@login_required
def mentorship_end(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for_user(request, pk)
    _require(request, "mentors.pair_mentor", mentorship.trainee)
    form = MentorshipEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_end(
                actor=request.user, mentorship=mentorship, ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The mentorship was ended."))
            return redirect(panel_url(mentorship.trainee_id, "mentors"))
    return render(
        request,
        "mentors/form_page.html",
        {
            "form": form,
            "title": _("End a mentorship"),
            "subtitle": str(mentorship),
            "submit_label": _("End the mentorship"),
            "back": panel_url(mentorship.trainee_id, "mentors"),
        },
    )


@never_cache
@login_required
def feedback_edit(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    """帮带记录: one screen on a phone. "Save draft" keeps it on the server; "Submit" files it."""
    mentorship = get_mentorship_for_user(request, pk)
    if not services.can_write_feedback(request.user, mentorship):
        raise PermissionDenied
    try:
        first_day = dt.date(year, month, 1)
    except ValueError as error:
        raise Http404 from error
    today = timezone.localdate()
    existing = MonthlyFeedback.objects.filter(mentorship=mentorship, month=first_day).first()
    try:
        services.check_feedback_month(mentorship=mentorship, month=first_day, today=today)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if existing is not None:
            return redirect("mentors:feedback_detail", pk=existing.pk)
        return redirect("mentors:home")
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.feedback_save(
                actor=request.user,
                mentorship=mentorship,
                month=first_day,
                values=values,
                submit=submit,
                today=today,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if submit or (existing and existing.status == MonthlyFeedback.Status.SUBMITTED):
                messages.success(request, _("The mentoring record was submitted."))
                return redirect("mentors:home")
            messages.success(request, _("Draft saved. You can finish it later."))
            return redirect("mentors:feedback_edit", pk=pk, year=year, month=month)
    config = MentoringConfig.current()
    return render(
        request,
        "mentors/feedback_form.html",
        {
            "mentorship": mentorship,
            "trainee": mentorship.trainee,
            "month": first_day,
            "form": form,
            "feedback": existing,
            "lock_date": config.lock_date(first_day),
        },
    )


@login_required
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(
        MonthlyFeedback.objects.visible_to(request.user).select_related(
            "mentorship", "mentorship__trainee", "mentorship__mentor", "author"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    config = MentoringConfig.current()
    can_edit = services.can_write_feedback(
        request.user, feedback.mentorship
    ) and not config.is_locked(feedback.month, today)
    return render(
        request,
        "mentors/feedback_detail.html",
        {
            "feedback": feedback,
            "trainee": feedback.mentorship.trainee,
            "can_edit": can_edit,
            "kind_label": MentorType.labels().get(feedback.mentorship.kind, ""),
        },
    )


@login_required
def flagged_list(request: HttpRequest) -> HttpResponse:
    """Records a mentor flagged as needing attention, newest first: what the organisation
    department must see at once."""
    _require(request, "mentors.see_flagged")
    flagged = (
        MonthlyFeedback.objects.visible_to(request.user)
        .filter(needs_attention=True)
        .select_related(
            "mentorship__trainee", "mentorship__trainee__township", "mentorship__mentor"
        )
        .order_by("-month", "-submitted_at", "-pk")
    )
    # Not counted: a province has tens of thousands of flagged records over the years.
    page = uncounted_page(flagged, PAGE_SIZE, request.GET.get("page"))
    return render(request, "mentors/flagged_list.html", {"page": page, "query": ""})


@login_required
def talk_create(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "mentors.add_talk", trainee)
    form = TalkForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        talk = form.save(commit=False)
        talk.trainee = trainee
        try:
            services.talk_create(actor=request.user, talk=talk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The talk was recorded."))
            return redirect(panel_url(trainee.pk, "talks"))
    return render(
        request,
        "mentors/form_page.html",
        {
            "form": form,
            "title": _("Record a talk"),
            "subtitle": trainee.name,
            "back": panel_url(trainee.pk, "talks"),
        },
    )


@login_required
def config_edit(request: HttpRequest) -> HttpResponse:
    _require(request, "mentors.change_config")
    form = MentoringConfigForm(request.POST or None, instance=MentoringConfig.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect("mentors:config")
    return render(request, "mentors/form_page.html", {"form": form, "title": _("Mentoring rules")})
