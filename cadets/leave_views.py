"""请假 / 销假 pages: the trainee asks and reports back; the chain of staff approves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import leave_services
from .daily_forms import LeaveDecisionForm, LeaveRequestForm, LeaveReturnForm
from .models import LeaveRequest, Trainee
from .panels import panel_url

MSG_LEAVE_APPROVED = gettext_lazy("The leave request was approved.")
MSG_LEAVE_PASSED_ON = gettext_lazy(
    "Your approval was recorded; the request now goes to the {role} for approval."
)
MSG_LEAVE_REFUSED = gettext_lazy("Refused.")

PAGE_SIZE = 25


def get_leave_for_user(request: HttpRequest, pk: int) -> LeaveRequest:
    return get_object_or_404(
        LeaveRequest.objects.visible_to(request.user).select_related(
            "trainee", "trainee__township", "trainee__user"
        ),
        pk=pk,
    )


def _own_trainee(request: HttpRequest) -> Trainee:
    if not request.user.has_perm("cadets.request_leave"):
        raise PermissionDenied
    trainee = Trainee.objects.filter(user=request.user).first()
    if trainee is None:
        raise Http404
    return trainee


@login_required
def leave_list(request: HttpRequest) -> HttpResponse:
    """Leave of the trainees in scope: what waits for me first, then all, and the days taken
    this year per trainee."""
    if not request.user.has_perm("cadets.list_leave"):
        raise PermissionDenied
    visible = LeaveRequest.objects.visible_to(request.user).select_related(
        "trainee", "trainee__township"
    )
    status = request.GET.get("status", "")
    listed = visible.filter(status=status) if status in LeaveRequest.Status.values else visible
    waiting = [
        leave
        for leave in visible.filter(status=LeaveRequest.Status.PENDING).order_by("starts_on")
        if leave.awaiting_role == request.user.role
    ]
    year = timezone.localdate().year
    days_by_trainee = (
        visible.filter(
            starts_on__year=year,
            status__in=[LeaveRequest.Status.APPROVED, LeaveRequest.Status.RETURNED],
        )
        .values("trainee_id", "trainee__name", "trainee__township__name")
        .annotate(total=Sum("days"))
        .order_by("-total", "trainee__name")
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cadets/leave_list.html",
        {
            "page": page,
            "waiting": waiting,
            "days_by_trainee": days_by_trainee,
            "year": year,
            "status": status,
            "statuses": LeaveRequest.Status.choices,
            "query": f"status={status}" if status else "",
        },
    )


@login_required
def leave_create(request: HttpRequest) -> HttpResponse:
    trainee = _own_trainee(request)
    form = LeaveRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            leave = leave_services.leave_request(
                actor=request.user, trainee=trainee, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your leave request was sent for approval."))
            return redirect("cadets:leave_detail", pk=leave.pk)
    return render(
        request,
        "cadets/leave_form.html",
        {"form": form, "title": _("Ask for leave"), "back": panel_url(None, "leave")},
    )


@login_required
def leave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    leave = get_leave_for_user(request, pk)
    today = timezone.localdate()
    is_owner = leave.trainee.user_id == request.user.pk
    return render(
        request,
        "cadets/leave_detail.html",
        {
            "leave": leave,
            "approvals": leave.approvals.select_related("approver"),
            "can_decide": leave_services.can_decide_leave(request.user, leave),
            "can_return": is_owner
            and leave.status == LeaveRequest.Status.APPROVED
            and leave.starts_on <= today,
            "can_cancel": is_owner
            and leave.status in (LeaveRequest.Status.PENDING, LeaveRequest.Status.APPROVED)
            and leave.starts_on > today,
            "decision_form": LeaveDecisionForm(),
        },
    )


@require_POST
@login_required
def leave_decide(request: HttpRequest, pk: int) -> HttpResponse:
    leave = get_leave_for_user(request, pk)
    if not leave_services.can_decide_leave(request.user, leave):
        raise PermissionDenied
    form = LeaveDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to refuse."))
        return redirect("cadets:leave_detail", pk=pk)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        leave = leave_services.leave_decide(
            actor=request.user, leave=leave, approve=approve, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not approve:
            text = MSG_LEAVE_REFUSED
        elif leave.status == LeaveRequest.Status.PENDING:
            # More steps of the chain: say who decides next (e.g. the county, for long leave).
            text = MSG_LEAVE_PASSED_ON.format(role=leave.awaiting_role_label)
        else:
            text = MSG_LEAVE_APPROVED
        messages.success(request, text)
    return redirect("cadets:leave_detail", pk=pk)


@login_required
def leave_return(request: HttpRequest, pk: int) -> HttpResponse:
    """销假: the trainee reports back at work."""
    leave = get_leave_for_user(request, pk)
    if leave.trainee.user_id != request.user.pk:
        raise PermissionDenied
    form = LeaveReturnForm(request.POST or None, initial={"returned_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            leave_services.leave_return(
                actor=request.user,
                leave=leave,
                returned_on=form.cleaned_data["returned_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your return report was filed."))
            return redirect("cadets:leave_detail", pk=pk)
    return render(
        request,
        "cadets/leave_form.html",
        {
            "form": form,
            "title": _("Report back from leave"),
            "subtitle": str(leave),
            "back": reverse("cadets:leave_detail", args=[pk]),
        },
    )


@require_POST
@login_required
def leave_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    leave = get_leave_for_user(request, pk)
    if leave.trainee.user_id != request.user.pk:
        raise PermissionDenied
    try:
        leave_services.leave_cancel(actor=request.user, leave=leave)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The leave request was withdrawn."))
    return redirect("cadets:leave_detail", pk=pk)
