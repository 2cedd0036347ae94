from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from kombu.exceptions import OperationalError as BrokerError

from assessments.models import Assessment
from attendance.selectors import last_month, rates_by_area
from audit.services import Action, audit_record
from cadets.models import Trainee
from cadets.plan_services import plan_current
from cadets.reveal import RevealForm
from cadets.views import get_trainee_for_user
from conduct import documents as conduct_documents
from mentors.models import Mentor

from . import documents, exports, services, tasks
from .dashboard import dashboard_data, due_and_overdue
from .forms import UploadForm
from .models import ImportJob
from .rosters import ROSTERS, MentorRoster, TraineeRoster, roster_template
from .sheets import SheetError, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
logger = logging.getLogger(__name__)


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


# Dashboard ----------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request, "office.view_dashboard")
    data = dashboard_data(request.user, timezone.localdate())
    data["attendance"] = rates_by_area(request.user, last_month(timezone.localdate()))
    return render(request, "office/dashboard.html", data)


@login_required
def dashboard_due(request: HttpRequest) -> HttpResponse:
    """What is due and overdue: the reminder providers' items as of the last refresh, kept to
    the user's scope, those shown checked against the providers (office.due_list). The
    dashboard loads it once it is shown (htmx) rather than waiting for it."""
    _require(request, "office.view_dashboard")
    today = timezone.localdate()
    due = due_and_overdue(request.user, today)
    template = "office/_dashboard_due.html" if request.htmx else "office/dashboard_due.html"
    return render(request, template, {"due": due, "today": today})


# Import -------------------------------------------------------------------------------------


def _roster(kind: str):
    if kind not in ROSTERS:
        raise Http404
    return ROSTERS[kind]()


def get_job_for_user(request: HttpRequest, pk: int) -> ImportJob:
    """An import through its uploader: someone else's report answers 404."""
    return get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)


@login_required
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    roster = _roster(kind)
    _require(request, "office.import_data")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                actor=request.user, kind=kind, upload=form.cleaned_data["file"]
            )
        except SheetError as error:
            form.add_error("file", str(error))
        else:
            _run_soon(job, tasks.check_import, services.import_check)
            return redirect("office:import_job", pk=job.pk)
    recent = ImportJob.objects.visible_to(request.user).filter(kind=kind)[:5]
    return render(
        request,
        "office/import_upload.html",
        {"form": form, "roster": roster, "kind": kind, "recent": recent},
    )


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    roster = _roster(kind)
    _require(request, "office.import_data")
    response = HttpResponse(roster_template(roster), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{roster.title}（导入模板）.xlsx"
    )
    return response


@never_cache
@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request, pk)
    _require(request, "office.import_data")
    roster = _roster(job.kind)
    context = {"job": job, "roster": roster}
    if job.status == ImportJob.Status.DONE:
        created = job.report.get("created", [])
        if job.kind == ImportJob.Kind.TRAINEES:
            records = Trainee.objects.visible_to(request.user).select_related(
                "cohort", "county", "township"
            )
        else:
            records = Mentor.objects.visible_to(request.user).select_related("unit", "user")
        records = records.filter(pk__in=created).order_by("pk")
        context["page"] = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
        context["created_count"] = len(created)
    elif job.status == ImportJob.Status.READY:
        context["preview_headers"] = (
            TraineeRoster.preview_headers()
            if job.kind == ImportJob.Kind.TRAINEES
            else MentorRoster.preview_headers()
        )
    return render(request, "office/import_job.html", context)


@never_cache
@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx every second; a finished job reloads the page."""
    job = get_job_for_user(request, pk)
    _require(request, "office.import_data")
    response = render(request, "office/_import_progress.html", {"job": job})
    if not job.is_running and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request, pk)
    _require(request, "office.import_data")
    if not services.import_start(actor=request.user, job=job):
        messages.error(request, str(services.MSG_NOT_READY))
        return redirect("office:import_job", pk=job.pk)
    job.refresh_from_db()
    _run_soon(job, tasks.commit_import, services.import_commit)
    return redirect("office:import_job", pk=job.pk)


def _run_soon(job: ImportJob, task, run) -> None:
    """Small files are checked and imported during the request, large ones by a worker once
    the job is committed. When the task queue cannot be reached, the work is done during the
    request too: slower, but no job is left "checking" for a message that was never sent."""
    if services.import_runs_inline(job):
        run(job_id=job.pk)
        return

    def queue() -> None:
        try:
            task.delay(job.pk)
        except BrokerError:
            logger.warning("import %s: the task queue is unreachable; running it now", job.pk)
            run(job_id=job.pk)

    transaction.on_commit(queue)


# Export -------------------------------------------------------------------------------------


def _export_kind(request: HttpRequest, kind: str) -> exports.ExportKind:
    if kind not in exports.KINDS:
        raise Http404
    export = exports.KINDS[kind]
    _require(request, "office.export_data")
    _require(request, export.perm)
    return export


@never_cache
@login_required
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """The filtered list as .xlsx, ID and phone numbers masked."""
    export_kind = _export_kind(request, kind)
    table = exports.build_export(export_kind, user=request.user, params=request.GET, reveal=False)
    audit_record(action=Action.EXPORT, request=request, reason=_export_text(export_kind, table))
    return _xlsx_response(export_kind, table)


@never_cache
@login_required
def export_full(request: HttpRequest, kind: str) -> HttpResponse:
    """The same file with ID and phone numbers in full: the reveal permission, the password
    again and a reason, recorded in the audit log (as cadets.reveal does for one value)."""
    export_kind = _export_kind(request, kind)
    if not export_kind.sensitive:
        raise Http404
    _require(request, "cadets.reveal_sensitive")
    form = RevealForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST":
        if form.is_valid():
            table = exports.build_export(
                export_kind, user=request.user, params=request.GET, reveal=True
            )
            audit_record(
                action=Action.EXPORT,
                request=request,
                field="id_number,phone",
                reason=f"{form.cleaned_data['reason']}（{_export_text(export_kind, table)}）",
            )
            request.revealed_values = table.revealed  # the test suite's leak check allows these
            return _xlsx_response(export_kind, table)
        audit_record(
            action=Action.REVEAL_REFUSED,
            request=request,
            field="id_number,phone",
            reason="; ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return render(
        request,
        "office/export_full.html",
        {"form": form, "export": export_kind, "query": request.GET.urlencode()},
    )


def _export_text(export_kind: exports.ExportKind, table: exports.Table) -> str:
    """What the audit log shows of an export: the list's name and its rows, not codes."""
    return _("%(title)s, %(count)d rows") % {"title": export_kind.title, "count": len(table.rows)}


def _xlsx_response(export_kind: exports.ExportKind, table: exports.Table) -> HttpResponse:
    content = write_workbook(table.title, table.headers, table.rows, table.widths)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, exports.file_name(export_kind)
    )
    return response


# Documents ----------------------------------------------------------------------------------


@login_required
def growth_file(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    # The trainee, through the reader's scope, comes in the same query as the file's parts.
    context = documents.growth_file_context(pk, request.user, timezone.localdate())
    if context is None:
        raise Http404
    _require(request, "office.print_documents")
    trainee = context["trainee"]
    return documents.render_document(
        request,
        "office/documents/growth_file.html",
        context,
        pdf=pdf,
        file_name=f"成长档案-{trainee.name}.pdf",
    )


@login_required
def plan_document(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    """The plan in force; whoever may print it on the plan's own page may have the PDF."""
    trainee = get_trainee_for_user(request, pk)
    plan = plan_current(trainee)
    if plan is None:
        raise Http404
    context = documents.plan_context(trainee, plan, timezone.localdate())
    return documents.render_document(
        request,
        "office/documents/plan.html",
        context,
        pdf=pdf,
        file_name=f"培养计划-{trainee.name}.pdf",
    )


@login_required
def assessment_form(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related(
            "cycle__template",
            "trainee__cohort",
            "trainee__county",
            "trainee__township",
            "trainee__village",
            "confirmed_by",
        ),  # fmt: skip
        pk=pk,
    )
    _require(request, "office.print_documents")
    context = documents.assessment_form_context(assessment, timezone.localdate())
    # 奖惩情况: awards and (for the organisation department, audited) discipline of the period.
    context.update(
        conduct_documents.assessment_form_part(
            assessment.trainee,
            request.user,
            start=assessment.cycle.period_start,
            end=assessment.cycle.period_end,
            request=request,
        )
    )
    return documents.render_document(
        request,
        "office/documents/assessment_form.html",
        context,
        pdf=pdf,
        file_name=f"考核登记表-{assessment.trainee.name}.pdf",
    )
