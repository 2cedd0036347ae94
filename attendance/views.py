"""考勤 pages: a month across the townships in scope, a township's sheet and its versions,
filling it (on the page or from a punch-in export), submitting and correcting it, the rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import OrgUnit
from accounts.scoping import units_q
from office.sheets import write_workbook

from . import punch_import, services
from .filters import MonthOverviewFilter
from .forms import (
    CorrectionForm,
    EntryFormSet,
    MonthField,
    PunchUploadForm,
    RulesForm,
    SheetDaysForm,
    StartForm,
)
from .models import AttendanceRules, AttendanceSheet
from .selectors import is_flagged, last_month, month_overview, rate, with_flags

PAGE_SIZE = 25
MSG_STARTED = gettext_lazy("The sheet was started: change what differs from a full month.")
MSG_SAVED = gettext_lazy("The draft was saved.")
MSG_SUBMITTED = gettext_lazy("The sheet was submitted. It can no longer be changed.")
MSG_CORRECTION_STARTED = gettext_lazy("A correction was started as a new version.")
MSG_IMPORTED = gettext_lazy("{n} trainees were filled in from the file.")
MSG_IMPORT_FAILED = gettext_lazy("Nothing was imported: correct the rows below and try again.")
MSG_RULES_SAVED = gettext_lazy("The attendance rules were saved.")


def get_sheet_for_user(request: HttpRequest, pk: int) -> AttendanceSheet:
    return get_object_or_404(
        AttendanceSheet.objects.visible_to(request.user).select_related(
            "township__parent", "created_by", "submitted_by"
        ),
        pk=pk,
    )


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _townships(user):
    return OrgUnit.objects.filter(units_q(user), kind=OrgUnit.Kind.TOWNSHIP).order_by("name")


def _month(value: str | None):
    try:
        return MonthField().clean(value).replace(day=1) if value else None
    except ValidationError:
        return None


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """A month across the townships in scope: whose sheet is in, its rate and flagged lines."""
    _require(request, "attendance.view_sheets")
    month = _month(request.GET.get("month")) or last_month(timezone.localdate())
    data = request.GET.copy()
    data["month"] = f"{month:%Y-%m}"
    filterset = MonthOverviewFilter(
        data, queryset=month_overview(request.user, month), user=request.user
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for township in page.object_list:
        township.rate = rate(township.at_work, township.expected)
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "attendance/overview.html",
        {
            "filter": filterset,
            "page": page,
            "month": month,
            "query": query.urlencode(),
            "can_fill": request.user.has_perm("attendance.fill_sheet"),
        },
    )


@require_POST
@login_required
def sheet_start(request: HttpRequest) -> HttpResponse:
    _require(request, "attendance.fill_sheet")
    form = StartForm(request.POST, townships=_townships(request.user))
    if not form.is_valid():
        if "township" in form.errors and request.POST.get("township"):
            # A township outside the user's area is not theirs to name.
            get_object_or_404(_townships(request.user), pk=request.POST.get("township"))
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
        return redirect("attendance:overview")
    try:
        sheet = services.sheet_start(actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("attendance:overview")
    messages.success(request, MSG_STARTED)
    return redirect("attendance:sheet_edit", pk=sheet.pk)


@login_required
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_sheet_for_user(request, pk)
    _require(request, "attendance.view_sheets")
    entries = list(
        with_flags(sheet.entries.visible_to(request.user))
        .select_related("trainee", "sheet")
        .order_by("trainee__name", "pk")
    )
    for entry in entries:
        entry.flagged = is_flagged(entry)
        entry.rate_value = entry.rate(sheet.required_days)
    versions = AttendanceSheet.objects.filter(
        township_id=sheet.township_id, month=sheet.month
    ).select_related("created_by", "submitted_by")
    latest = max(versions, key=lambda v: v.version)
    can_fill = request.user.has_perm("attendance.fill_sheet", sheet)
    return render(
        request,
        "attendance/sheet_detail.html",
        {
            "sheet": sheet,
            "entries": entries,
            "versions": sorted(versions, key=lambda v: -v.version),
            "is_latest": latest.pk == sheet.pk,
            "can_fill": can_fill,
            "can_correct": can_fill and latest.pk == sheet.pk and not sheet.is_draft,
            "due_on": AttendanceRules.current().due_on(sheet.month),
        },
    )


@login_required
def sheet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill the draft: one card per trainee, made for a phone."""
    sheet = get_sheet_for_user(request, pk)
    _require(request, "attendance.fill_sheet", sheet)
    if not sheet.is_draft:
        messages.error(request, services.MSG_NOT_DRAFT)
        return redirect("attendance:sheet_detail", pk=pk)
    entries = sheet.entries.select_related("trainee").order_by("trainee__name", "pk")
    days_form = SheetDaysForm(request.POST or None, initial={"required_days": sheet.required_days})
    formset = EntryFormSet(request.POST or None, queryset=entries)
    if request.method == "POST" and days_form.is_valid() and formset.is_valid():
        values = {form.instance.pk: form.cleaned_data for form in formset.forms}
        try:
            services.sheet_fill(
                actor=request.user,
                sheet=sheet,
                required_days=days_form.cleaned_data["required_days"],
                entries=values,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if "submit" in request.POST:
                try:
                    services.sheet_submit(actor=request.user, sheet=sheet)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return redirect("attendance:sheet_edit", pk=pk)
                messages.success(request, MSG_SUBMITTED)
                return redirect("attendance:sheet_detail", pk=pk)
            messages.success(request, MSG_SAVED)
            return redirect("attendance:sheet_edit", pk=pk)
    return render(
        request,
        "attendance/sheet_edit.html",
        {"sheet": sheet, "days_form": days_form, "formset": formset},
    )


@require_POST
@login_required
def sheet_submit(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_sheet_for_user(request, pk)
    _require(request, "attendance.fill_sheet", sheet)
    try:
        services.sheet_submit(actor=request.user, sheet=sheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, MSG_SUBMITTED)
    return redirect("attendance:sheet_detail", pk=pk)


@login_required
def sheet_correct(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_sheet_for_user(request, pk)
    _require(request, "attendance.fill_sheet", sheet)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.sheet_correct(
                actor=request.user, sheet=sheet, reason=form.cleaned_data["correction_reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, MSG_CORRECTION_STARTED)
            return redirect("attendance:sheet_edit", pk=correction.pk)
    return render(request, "attendance/sheet_correct.html", {"sheet": sheet, "form": form})


@login_required
def sheet_import(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_sheet_for_user(request, pk)
    _require(request, "attendance.fill_sheet", sheet)
    if not sheet.is_draft:
        messages.error(request, services.MSG_NOT_DRAFT)
        return redirect("attendance:sheet_detail", pk=pk)
    form = PunchUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = punch_import.import_punches(
            actor=request.user, sheet=sheet, upload=form.cleaned_data["file"]
        )
        if report.ok:
            messages.success(request, MSG_IMPORTED.format(n=report.trainees))
            return redirect("attendance:sheet_edit", pk=pk)
        messages.error(request, MSG_IMPORT_FAILED)
    return render(
        request,
        "attendance/sheet_import.html",
        {
            "sheet": sheet,
            "form": form,
            "report": report,
            "headers": punch_import.HEADERS,
            "results": "、".join(punch_import.RESULTS),
            "max_rows": punch_import.MAX_ROWS,
        },
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty punch-in workbook with the columns the import reads and an example row."""
    _require(request, "attendance.fill_sheet")
    content = write_workbook(
        "考勤",
        punch_import.HEADERS,
        [["张晓明", "", "2026-11-03", "出勤"]],
        widths=(12, 22, 14, 12),
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, "考勤导入模板.xlsx")
    return response


@login_required
def rules_edit(request: HttpRequest) -> HttpResponse:
    _require(request, "attendance.manage_rules")
    rules = AttendanceRules.current()
    form = RulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        services.rules_update(actor=request.user, rules=rules, **form.cleaned_data)
        messages.success(request, MSG_RULES_SAVED)
        return redirect("attendance:rules")
    return render(request, "attendance/rules.html", {"form": form, "title": _("Attendance rules")})
