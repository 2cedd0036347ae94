from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadets.locking import StaleEdit, expected_version, show_stale
from cadets.models import Trainee
from cadets.views import get_trainee_for_user

from .forms import (
    AttachmentForm,
    CategoryForm,
    CoverageFilter,
    KeyTaskForm,
    PostForm,
    RotationEndForm,
    RotationForm,
    RulesForm,
    TimelineFilter,
)
from .models import KeyTask, KeyTaskAttachment, Post, PostCategory, Rotation, RotationRules
from .selectors import (
    coverage_of,
    coverage_rows,
    overview_rotations,
    overview_trainees,
    rule_set,
    timeline,
    warning_texts,
)
from .services import (
    attachment_add,
    keytask_save,
    post_save,
    rotation_assign,
    rotation_cancel,
    rotation_end,
    rotation_move,
    rules_save,
)

PAGE_SIZE = 25
TIMELINE_PAGE_SIZE = 25  # trainees (rows of bars) per page of the timeline


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _rotations_prefetch() -> Prefetch:
    return Prefetch(
        "rotations",
        queryset=Rotation.objects.select_related("post__category", "post__village").order_by(
            "starts_on", "pk"
        ),
    )


def get_rotation_for_user(request: HttpRequest, pk: int) -> Rotation:
    """A rotation through the user's scope (its trainee's); outside it a 404."""
    return get_object_or_404(
        Rotation.objects.visible_to(request.user).select_related(
            "trainee__township", "post__category", "post__village", "post__township"
        ),
        pk=pk,
    )


def get_post_for_user(request: HttpRequest, pk: int) -> Post:
    return get_object_or_404(Post.objects.visible_to(request.user), pk=pk)


def get_keytask_for_user(request: HttpRequest, pk: int) -> KeyTask:
    return get_object_or_404(
        KeyTask.objects.visible_to(request.user).select_related("trainee"), pk=pk
    )


# Rotations of one trainee -------------------------------------------------------------------


@login_required
def trainee_rotations(request: HttpRequest, pk: int) -> HttpResponse:
    """A trainee's rotations, their coverage and the history of every change."""
    trainee = get_trainee_for_user(request, pk)
    today = timezone.localdate()
    rotations = list(
        trainee.rotations.select_related("post__category", "post__village").order_by("starts_on")
    )
    rules = rule_set()
    coverage = coverage_of(trainee, rotations, rules, today)
    history = (
        Rotation.history.filter(trainee_id=trainee.pk)
        .select_related("history_user", "post__village")
        .order_by("-history_date")[:50]
    )
    return render(
        request,
        "rotations/trainee_rotations.html",
        {
            "trainee": trainee,
            "rotations": rotations,
            "today": today,
            "coverage": coverage,
            "cells": [(rules.categories[c.category], c) for c in coverage.categories],
            "warnings": warning_texts(coverage, rules),
            "history": history,
            "can_manage": request.user.has_perm("rotations.manage_rotation", trainee),
        },
    )


@login_required
def rotation_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "rotations.manage_rotation", trainee)
    form = RotationForm(request.POST or None, user=request.user, trainee=trainee)
    if request.method == "POST" and form.is_valid():
        try:
            rotation = rotation_assign(actor=request.user, trainee=trainee, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(trainee)s assigned to %(post)s.")
                % {"trainee": trainee, "post": rotation.post},
            )
            return redirect("rotations:trainee_rotations", pk=trainee.pk)
    rotations = trainee.rotations.select_related("post__category", "post__village").order_by(
        "starts_on"
    )
    return render(
        request,
        "rotations/rotation_form.html",
        {"form": form, "trainee": trainee, "rotations": rotations, "title": _("Assign a post")},
    )


@login_required
def rotation_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = get_rotation_for_user(request, pk)
    _require(request, "rotations.manage_rotation", rotation.trainee)
    form = RotationEndForm(request.POST or None, initial={"ends_on": rotation.ends_on})
    if request.method == "POST" and form.is_valid():
        try:
            rotation_end(actor=request.user, rotation=rotation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The end date was changed."))
            return redirect("rotations:trainee_rotations", pk=rotation.trainee_id)
    return render(
        request,
        "rotations/rotation_change.html",
        {"form": form, "rotation": rotation, "title": _("Change the end date")},
    )


@login_required
def rotation_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = get_rotation_for_user(request, pk)
    trainee = rotation.trainee
    _require(request, "rotations.manage_rotation", trainee)
    form = RotationForm(request.POST or None, user=request.user, trainee=trainee)
    form.fields["starts_on"].label = _("Move on")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rotation_move(
                actor=request.user,
                rotation=rotation,
                post=data["post"],
                on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
                length_exception=data["length_exception"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(trainee)s was moved.") % {"trainee": trainee})
            return redirect("rotations:trainee_rotations", pk=trainee.pk)
    return render(
        request,
        "rotations/rotation_change.html",
        {"form": form, "rotation": rotation, "title": _("Move to another post")},
    )


@login_required
def rotation_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then a POST that deletes a planned rotation."""
    rotation = get_rotation_for_user(request, pk)
    _require(request, "rotations.manage_rotation", rotation.trainee)
    error = None
    if request.method == "POST":
        try:
            rotation_cancel(actor=request.user, rotation=rotation)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("The planned rotation was cancelled."))
            return redirect("rotations:trainee_rotations", pk=rotation.trainee_id)
    return render(request, "rotations/rotation_cancel.html", {"rotation": rotation, "error": error})


# Overviews ----------------------------------------------------------------------------------


def _overview_trainees(request: HttpRequest, filter_class):
    """The trainees in training in the user's scope, filtered (the order and the columns are
    the page's: selectors.overview_trainees)."""
    queryset = Trainee.objects.visible_to(request.user).filter(status=Trainee.Status.TRAINING)
    return filter_class(request.GET, queryset=queryset, user=request.user)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def coverage_list(request: HttpRequest) -> HttpResponse:
    """Who covered which required category; filter "who still lacks 乡村振兴?"."""
    _require(request, "rotations.view_overview")
    trainee_filter = _overview_trainees(request, CoverageFilter)
    trainees = overview_trainees(trainee_filter.qs)
    page = Paginator(trainees, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    today = timezone.localdate()
    rules = rule_set()
    return render(
        request,
        "rotations/coverage_list.html",
        {
            "filter": trainee_filter,
            "page": page,
            "rows": coverage_rows(shown, overview_rotations(shown, rules), rules, today),
            "required": rules.required,
            "query": _query_without_page(request),
        },
    )


@login_required
def timeline_view(request: HttpRequest) -> HttpResponse:
    """Rows = trainees, bars = rotations coloured by category, today marked (inline SVG);
    paginated like the coverage list, the filters kept in the page links."""
    _require(request, "rotations.view_overview")
    trainee_filter = _overview_trainees(request, TimelineFilter)
    trainees = overview_trainees(trainee_filter.qs)
    page = Paginator(trainees, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    today = timezone.localdate()
    rules = rule_set()
    return render(
        request,
        "rotations/timeline.html",
        {
            "filter": trainee_filter,
            "page": page,
            "timeline": timeline(shown, today, rotations=overview_rotations(shown, rules)),
            "categories": [c for c in rules.categories.values() if c.is_active],
            "today": today,
            "query": _query_without_page(request),
        },
    )


# Posts, categories, rules -------------------------------------------------------------------


@login_required
def post_list(request: HttpRequest) -> HttpResponse:
    _require(request, "rotations.view_posts")
    posts = Post.objects.visible_to(request.user).select_related("category", "township", "village")
    township = request.GET.get("township")
    if township and township.isdigit():
        posts = posts.filter(township_id=township)
    page = Paginator(posts, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "rotations/post_list.html", {"page": page, "query": query.urlencode()})


@login_required
def post_create(request: HttpRequest) -> HttpResponse:
    _require(request, "rotations.manage_post")
    return _post_form(request, Post())


@login_required
def post_update(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request, pk)
    _require(request, "rotations.manage_post", post)
    return _post_form(request, post)


def _post_form(request: HttpRequest, post: Post) -> HttpResponse:
    form = PostForm(request.POST or None, instance=post, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            post_save(
                actor=request.user,
                post=form.save(commit=False),
                expected_version=expected_version(form),
            )
        except StaleEdit as error:
            show_stale(form, post, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Post saved."))
            return redirect("rotations:post_list")
    return render(request, "rotations/simple_form.html", {"form": form, "title": _("Post")})


@login_required
def category_list(request: HttpRequest) -> HttpResponse:
    _require(request, "rotations.manage_rules")
    return render(
        request, "rotations/category_list.html", {"categories": PostCategory.objects.all()}
    )


@login_required
def category_create(request: HttpRequest) -> HttpResponse:
    _require(request, "rotations.manage_rules")
    return _category_form(request, PostCategory())


@login_required
def category_update(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "rotations.manage_rules")
    return _category_form(request, get_object_or_404(PostCategory, pk=pk))


def _category_form(request: HttpRequest, category: PostCategory) -> HttpResponse:
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Category saved."))
        return redirect("rotations:category_list")
    return render(
        request, "rotations/simple_form.html", {"form": form, "title": _("Post category")}
    )


@login_required
def rules_update(request: HttpRequest) -> HttpResponse:
    _require(request, "rotations.manage_rules")
    rules = RotationRules.current()
    form = RulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        try:
            rules_save(actor=request.user, form=form, expected_version=expected_version(form))
        except StaleEdit as error:
            show_stale(form, rules, error)
        else:
            messages.success(request, _("Rotation rules saved."))
            return redirect("rotations:rules")
    return render(
        request, "rotations/simple_form.html", {"form": form, "title": _("Rotation rules")}
    )


# Front-line tasks ---------------------------------------------------------------------------


@login_required
def keytask_create(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "rotations.record_keytask", trainee)
    return _keytask_form(request, KeyTask(trainee=trainee))


@login_required
def keytask_update(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_keytask_for_user(request, pk)
    _require(request, "rotations.record_keytask", task.trainee)
    return _keytask_form(request, task)


def _keytask_form(request: HttpRequest, task: KeyTask) -> HttpResponse:
    form = KeyTaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        task = keytask_save(actor=request.user, task=form.save(commit=False))
        messages.success(request, _("Task saved."))
        return redirect("rotations:keytask_detail", pk=task.pk)
    return render(
        request,
        "rotations/simple_form.html",
        {"form": form, "title": _("Front-line task"), "trainee": task.trainee},
    )


@login_required
def keytask_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_keytask_for_user(request, pk)
    can_record = request.user.has_perm("rotations.record_keytask", task.trainee)
    return render(
        request,
        "rotations/keytask_detail.html",
        {
            "task": task,
            "attachments": task.attachments.all(),
            "can_record": can_record,
            "form": AttachmentForm() if can_record else None,
        },
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_keytask_for_user(request, pk)
    _require(request, "rotations.record_keytask", task.trainee)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        attachment_add(actor=request.user, task=task, upload=form.cleaned_data["file"])
        messages.success(request, _("Attachment uploaded."))
        return redirect("rotations:keytask_detail", pk=task.pk)
    return render(
        request,
        "rotations/keytask_detail.html",
        {
            "task": task,
            "attachments": task.attachments.all(),
            "can_record": True,
            "form": form,
        },
        status=400,
    )


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Files are never at a public URL: they are read here, through the trainee's scope."""
    attachment = get_object_or_404(KeyTaskAttachment.objects.visible_to(request.user), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)
