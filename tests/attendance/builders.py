"""Sheets for the attendance tests: a township's month, drafted or submitted by its staff."""

from __future__ import annotations

import datetime as dt

from attendance import services
from attendance.models import AttendanceSheet

MONTH = dt.date(2026, 10, 1)


def sheet_of(world, which: str = "own", *, month: dt.date = MONTH, submitted: bool = False):
    """The sheet of township A ("own") or B ("other") for `month`, started as a superuser
    (township B has no staff in the world)."""
    township = world.township_a if which == "own" else world.township_b
    sheet = AttendanceSheet.objects.filter(township=township, month=month).order_by("-version")
    sheet = sheet.first() or services.sheet_start(
        actor=world.users["superuser"], township=township, month=month
    )
    if submitted and sheet.is_draft:
        sheet = services.sheet_submit(actor=world.users["superuser"], sheet=sheet)
    return sheet
