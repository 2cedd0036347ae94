"""工作纪实 / 月报 / 季报 pages: trainees submit, mentors and the receiving unit comment, staff see
who has not reported for the last period."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import leave_services
from .daily_forms import ReportCommentForm, WorkReportForm
from .models import ReportPolicy, Trainee, WorkReport
from .panels import panel_url

PAGE_SIZE = 25


def get_report_for_user(request: HttpRequest, pk: int) -> WorkReport:
    return get_object_or_404(
        WorkReport.objects.visible_to(request.user).select_related("trainee"), pk=pk
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cadets.list_reports"):
        raise PermissionDenied
    reports = WorkReport.objects.visible_to(request.user).select_related(
        "trainee", "trainee__township"
    )
    kind = request.GET.get("kind", "")
    if kind in WorkReport.Kind.values:
        reports = reports.filter(kind=kind)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cadets/report_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": WorkReport.Kind.choices,
            "query": f"kind={kind}" if kind else "",
        },
    )


@login_required
def report_missing(request: HttpRequest) -> HttpResponse:
    """Trainees in training who have not reported for the last ended period."""
    if not request.user.has_perm("cadets.list_reports"):
        raise PermissionDenied
    policy = ReportPolicy.current()
    period = policy.last_period(timezone.localdate())
    missing = (
        Trainee.objects.visible_to(request.user)
        .filter(status=Trainee.Status.TRAINING, reported_on__lt=period)
        .exclude(reports__kind=policy.report_kind, reports__period=period)
        .select_related("township")
        .order_by("township__code", "name")
    )
    return render(
        request,
        "cadets/report_missing.html",
        {"missing": missing, "period": period, "policy": policy},
    )


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cadets.submit_report"):
        raise PermissionDenied
    trainee = Trainee.objects.filter(user=request.user).first()
    if trainee is None:
        raise Http404
    policy = ReportPolicy.current()
    form = WorkReportForm(
        request.POST or None,
        initial={"kind": policy.report_kind, "period": policy.last_period(timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = leave_services.report_submit(
                actor=request.user, trainee=trainee, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your report was submitted."))
            return redirect("cadets:report_detail", pk=report.pk)
    return render(
        request,
        "cadets/report_form.html",
        {"form": form, "title": _("Submit a report"), "back": panel_url(None, "reports")},
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    return render(
        request,
        "cadets/report_detail.html",
        {
            "report": report,
            "comments": report.comments.select_related("author"),
            "can_comment": request.user.has_perm("cadets.comment_report", report),
            "form": ReportCommentForm(),
        },
    )


@require_POST
@login_required
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    if not request.user.has_perm("cadets.comment_report", report):
        raise PermissionDenied
    form = ReportCommentForm(request.POST)
    if form.is_valid():
        leave_services.report_comment(
            actor=request.user, report=report, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect("cadets:report_detail", pk=pk)
