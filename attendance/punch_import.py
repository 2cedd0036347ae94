"""Filling a draft sheet from the monthly export of a punch-in system: an .xlsx (or .csv) of
one row per trainee and day — 姓名, 身份证号, 日期, 考勤结果.

Checked all or nothing, like the roster import (office/rosters.py): every row is checked, and
one bad row imports nothing; the report names the row, the column and the reason, and never
repeats an ID number. The file is bounded (office.sheets: 5 MB; here at most MAX_ROWS rows, a
month of a big township) and read in a handful of queries whatever its length.

Leave rows are not counted: the sheet's 请假 column comes from approved leave.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cadets import crypto
from cadets.idnumber import normalise_id_number
from office.rosters import MSG_BAD_DATE, MSG_REQUIRED, RowError, parse_date
from office.sheets import Sheet, SheetError, clean_text, read_sheet

from .models import AttendanceSheet, days_in_month
from .services import lock_draft, save_entries

MAX_ROWS = 10_000
HEADERS = ("姓名", "身份证号", "日期", "考勤结果")
PRESENT, OFFICIAL, ABSENT, LATE, NOT_COUNTED = "present", "official", "absent", "late", "skip"
# What punch-in systems write in their result column, and what it counts as.
RESULTS = {
    "出勤": PRESENT,
    "正常": PRESENT,
    "公出": OFFICIAL,
    "下村": OFFICIAL,
    "外勤": OFFICIAL,
    "出差": OFFICIAL,
    "旷工": ABSENT,
    "缺勤": ABSENT,
    "迟到": LATE,
    "早退": LATE,
    "迟到早退": LATE,
    "请假": NOT_COUNTED,
    "休息": NOT_COUNTED,
}

MSG_HEADERS = _("The columns must be: {names}.")
MSG_TOO_MANY = _("The file has more than {n} rows; a month of one township has fewer.")
MSG_UNKNOWN_PERSON = _("No trainee on this sheet has this ID number.")
MSG_NAME_MISMATCH = _("The name does not match the trainee with this ID number.")
MSG_OUTSIDE_MONTH = _("The date is not in {month}.")
MSG_UNKNOWN_RESULT = _("Unknown result; use one of: {choices}.")
MSG_SAME_DAY_TWICE = _("The same trainee and day are already in row {row}.")


@dataclass
class PunchReport:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    trainees: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def read_upload(upload) -> Sheet:
    """The uploaded file as a Sheet (office.sheets checks its type and size)."""
    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return read_sheet(handle.name, upload.name)


def import_punches(*, actor, sheet: AttendanceSheet, upload) -> PunchReport:
    """Check the file and, only if every row is right, set the typed columns of the trainees
    it names (the other lines are left as they are)."""
    try:
        data = read_upload(upload)
    except SheetError as error:
        return PunchReport(errors=[RowError(0, "", str(error))])
    return import_sheet(actor=actor, sheet=sheet, data=data)


@transaction.atomic
def import_sheet(*, actor, sheet: AttendanceSheet, data: Sheet) -> PunchReport:
    sheet = lock_draft(actor, sheet)
    report = PunchReport(rows=len(data.rows))
    if tuple(data.headers) != HEADERS:
        report.errors.append(RowError(1, "", str(MSG_HEADERS.format(names="、".join(HEADERS)))))
        return report
    if len(data.rows) > MAX_ROWS:
        report.errors.append(RowError(0, "", str(MSG_TOO_MANY.format(n=MAX_ROWS))))
        return report
    lines = {
        line.trainee.id_number_digest: line
        for line in sheet.entries.select_related("trainee").only(
            "trainee__id_number_digest", "trainee__name", "sheet_id"
        )
    }
    counts: dict[int, Counter] = {}
    seen: dict[tuple[int, dt.date], int] = {}
    last = sheet.month.replace(day=days_in_month(sheet.month))
    for number, cells in data.rows:
        name, id_number, result = clean_text(cells[0]), clean_text(cells[1]), clean_text(cells[3])
        day = cells[2]
        errors = report.errors
        before = len(errors)
        for header, value in zip(HEADERS, (name, id_number, clean_text(day), result), strict=True):
            if value == "":
                errors.append(RowError(number, header, str(MSG_REQUIRED)))
        if len(errors) > before:
            continue
        line = lines.get(crypto.digest(normalise_id_number(id_number), context="id_number"))
        if line is None:
            errors.append(RowError(number, "身份证号", str(MSG_UNKNOWN_PERSON)))
        elif line.trainee.name != name:
            errors.append(RowError(number, "姓名", str(MSG_NAME_MISMATCH)))
        try:
            date = parse_date(day)
        except ValueError:
            errors.append(RowError(number, "日期", str(MSG_BAD_DATE)))
            date = None
        if date is not None and not sheet.month <= date <= last:
            errors.append(
                RowError(
                    number, "日期", str(MSG_OUTSIDE_MONTH.format(month=f"{sheet.month:%Y-%m}"))
                )
            )
        kind = RESULTS.get(result)
        if kind is None:
            errors.append(
                RowError(
                    number, "考勤结果", str(MSG_UNKNOWN_RESULT.format(choices="、".join(RESULTS)))
                )
            )
        if len(errors) > before or line is None:
            continue
        key = (line.pk, date)
        if key in seen:
            errors.append(RowError(number, "日期", str(MSG_SAME_DAY_TWICE.format(row=seen[key]))))
            continue
        seen[key] = number
        counts.setdefault(line.pk, Counter())[kind] += 1
    if report.errors:
        return report
    values = {
        pk: {
            "present_days": c[PRESENT] + c[LATE],
            "official_days": c[OFFICIAL],
            "absent_days": c[ABSENT],
            "late_count": c[LATE],
        }
        for pk, c in counts.items()
    }
    try:
        with transaction.atomic():
            save_entries(sheet, values)
    except ValidationError as error:
        report.errors.extend(RowError(0, "", message) for message in error.messages)
        return report
    report.trainees = len(values)
    return report
