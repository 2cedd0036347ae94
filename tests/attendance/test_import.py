"""Filling a sheet from a punch-in export: all or nothing, with a report per row."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from attendance import punch_import
from attendance.models import AttendanceEntry

from .builders import sheet_of


def _xlsx(rows, headers=punch_import.HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "punch.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _month_rows(trainee, *, absent_on=(), late_on=(), official_on=()):
    rows = []
    for day in range(1, 32):
        result = "出勤"
        if day in absent_on:
            result = "旷工"
        elif day in late_on:
            result = "迟到"
        elif day in official_on:
            result = "下村"
        if day in (3, 4, 10, 11, 17, 18, 24, 25, 31):  # October 2026's weekends
            continue
        rows.append([trainee.name, trainee.id_number, f"2026-10-{day:02d}", result])
    return rows


def test_a_punch_in_export_fills_the_sheet(world, login):
    sheet = sheet_of(world)
    rows = _month_rows(world.own, absent_on={5}, late_on={6, 7}, official_on={8, 9})
    response = login(world.users["unit_staff"]).post(
        reverse("attendance:sheet_import", args=[sheet.pk]), {"file": _xlsx(rows)}
    )
    assert response.status_code == 302
    entry = AttendanceEntry.objects.get(sheet=sheet, trainee=world.own)
    assert (entry.present_days, entry.official_days, entry.absent_days, entry.late_count) == (
        19,
        2,
        1,
        2,
    )


def test_an_import_with_one_bad_row_imports_nothing(world, login):
    sheet = sheet_of(world)
    before = AttendanceEntry.objects.get(sheet=sheet, trainee=world.own).present_days
    rows = _month_rows(world.own, absent_on={5})
    rows[3][3] = "摸鱼"  # an unknown result in the file's fifth row
    response = login(world.users["unit_staff"]).post(
        reverse("attendance:sheet_import", args=[sheet.pk]), {"file": _xlsx(rows)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page and "<td>5</td>" in page
    assert world.own.id_number not in page
    entry = AttendanceEntry.objects.get(sheet=sheet, trainee=world.own)
    assert (entry.present_days, entry.absent_days) == (before, 0)


def test_every_row_is_checked_and_reported(world):
    sheet = sheet_of(world)
    rows = [
        ["本人", world.own.id_number, "2026-10-05", "出勤"],
        ["别人", world.own.id_number, "2026-10-06", "出勤"],  # the name does not match
        ["他人", world.other.id_number, "2026-10-06", "出勤"],  # not on this sheet
        ["本人", world.own.id_number, "2026-11-02", "出勤"],  # outside the month
        ["本人", world.own.id_number, "2026-10-05", "迟到"],  # the same day again
        ["本人", world.own.id_number, "十月五日", "出勤"],  # not a date
    ]
    report = punch_import.import_punches(
        actor=world.users["unit_staff"], sheet=sheet, upload=_xlsx(rows)
    )
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "姓名"),
        (4, "身份证号"),
        (5, "日期"),
        (6, "日期"),
        (7, "日期"),
    ]


def test_a_file_with_other_columns_is_refused(world):
    report = punch_import.import_punches(
        actor=world.users["unit_staff"],
        sheet=sheet_of(world),
        upload=_xlsx([["本人", "2026-10-05"]], headers=["姓名", "日期"]),
    )
    assert not report.ok and report.errors[0].row == 1


def test_a_file_longer_than_a_month_of_a_township_is_refused(world, monkeypatch):
    monkeypatch.setattr(punch_import, "MAX_ROWS", 3)
    rows = _month_rows(world.own)[:4]
    report = punch_import.import_punches(
        actor=world.users["unit_staff"], sheet=sheet_of(world), upload=_xlsx(rows)
    )
    assert not report.ok and report.errors[0].row == 0
