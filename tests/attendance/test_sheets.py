"""A township's monthly sheet: filled from approved leave, submitted read-only, corrected as a
new version that keeps the earlier one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from attendance import services
from attendance.models import MSG_DAYS_OVER_MONTH, AttendanceEntry, AttendanceRules, AttendanceSheet
from attendance.selectors import trainee_months
from cadets.models import LeaveRequest
from tests.factories import TraineeFactory

from .builders import MONTH, sheet_of


def _leave(trainee, starts_on, ends_on, status=LeaveRequest.Status.APPROVED):
    return LeaveRequest.objects.create(
        trainee=trainee,
        kind=LeaveRequest.Kind.PERSONAL,
        starts_on=starts_on,
        ends_on=ends_on,
        reason="家中有事",
        status=status,
        created_by=trainee.user,
    )


def _entry(sheet, trainee) -> AttendanceEntry:
    return sheet.entries.get(trainee=trainee)


def test_a_new_sheet_fills_leave_from_approved_leave(world):
    # Monday 12 to Sunday 18 October: five working days of approved leave.
    _leave(world.own, dt.date(2026, 10, 12), dt.date(2026, 10, 18))
    # Leave still awaiting approval does not count.
    _leave(world.own, dt.date(2026, 10, 26), dt.date(2026, 10, 27), LeaveRequest.Status.PENDING)
    sheet = services.sheet_start(
        actor=world.users["unit_staff"], township=world.township_a, month=MONTH
    )
    entry = _entry(sheet, world.own)
    assert entry.leave_days == 5
    assert entry.present_days == sheet.required_days - 5
    assert sheet.required_days == AttendanceRules.current().required_days


def test_leave_approved_after_the_draft_began_is_counted_when_it_is_submitted(world):
    sheet = sheet_of(world)
    assert _entry(sheet, world.own).leave_days == 0
    _leave(world.own, dt.date(2026, 9, 28), dt.date(2026, 10, 2))  # Thursday 1, Friday 2
    services.sheet_fill(
        actor=world.users["unit_staff"],
        sheet=sheet,
        required_days=22,
        entries={_entry(sheet, world.own).pk: {"present_days": 20}},
    )
    services.sheet_submit(actor=world.users["unit_staff"], sheet=sheet)
    entry = _entry(sheet, world.own)
    assert (entry.leave_days, entry.present_days) == (2, 20)


def test_the_leave_column_cannot_be_typed(world):
    sheet = sheet_of(world)
    entry = _entry(sheet, world.own)
    services.sheet_fill(
        actor=world.users["unit_staff"],
        sheet=sheet,
        required_days=21,
        entries={entry.pk: {"leave_days": 9, "present_days": 12}},
    )
    entry.refresh_from_db()
    assert (entry.leave_days, entry.present_days) == (0, 12)


def test_a_submitted_sheet_can_no_longer_be_changed(world, login):
    sheet = sheet_of(world, submitted=True)
    with pytest.raises(ValidationError) as error:
        services.sheet_fill(
            actor=world.users["unit_staff"], sheet=sheet, required_days=20, entries={}
        )
    assert str(services.MSG_NOT_DRAFT) in error.value.messages
    response = login(world.users["unit_staff"]).get(
        reverse("attendance:sheet_edit", args=[sheet.pk])
    )
    assert response.status_code == 302


def test_a_corrected_sheet_keeps_its_earlier_version(world, login):
    staff = world.users["unit_staff"]
    first = sheet_of(world, submitted=True)
    present_before = _entry(first, world.own).present_days
    correction = services.sheet_correct(actor=staff, sheet=first, reason="漏记两天旷工")
    assert (correction.version, correction.status) == (2, AttendanceSheet.Status.DRAFT)
    assert _entry(correction, world.own).present_days == present_before
    services.sheet_fill(
        actor=staff,
        sheet=correction,
        required_days=first.required_days,
        entries={
            _entry(correction, world.own).pk: {
                "present_days": present_before - 2,
                "absent_days": 2,
            }
        },
    )
    services.sheet_submit(actor=staff, sheet=correction)

    first.refresh_from_db()
    assert first.status == AttendanceSheet.Status.SUBMITTED
    assert _entry(first, world.own).absent_days == 0
    assert _entry(first, world.own).present_days == present_before
    # What the month's attendance is: the newest submitted version.
    [line] = trainee_months(world.own)
    assert (line.entry.absent_days, line.flagged) == (2, True)
    page = login(staff).get(reverse("attendance:sheet_detail", args=[first.pk])).content.decode()
    assert (
        "漏记两天旷工" in page and reverse("attendance:sheet_detail", args=[correction.pk]) in page
    )


def test_a_correction_needs_a_reason_and_the_latest_version(world):
    staff = world.users["unit_staff"]
    first = sheet_of(world, submitted=True)
    with pytest.raises(ValidationError):
        services.sheet_correct(actor=staff, sheet=first, reason="  ")
    services.sheet_correct(actor=staff, sheet=first, reason="更正")
    with pytest.raises(ValidationError) as error:
        services.sheet_correct(actor=staff, sheet=first, reason="再次更正")
    assert str(services.MSG_DRAFT_OPEN) in error.value.messages


def test_only_the_townships_own_staff_fill_its_sheet(world):
    with pytest.raises(PermissionDenied):
        services.sheet_start(
            actor=world.users["county_staff"], township=world.township_a, month=MONTH
        )
    with pytest.raises(PermissionDenied):  # township B is outside township A's staff's area
        services.sheet_start(
            actor=world.users["unit_staff"], township=world.township_b, month=MONTH
        )


def test_days_beyond_the_month_are_refused_in_chinese(world, login):
    sheet = sheet_of(world)
    entry = _entry(sheet, world.own)
    client = login(world.users["unit_staff"])
    response = client.post(
        reverse("attendance:sheet_edit", args=[sheet.pk]),
        {
            "required_days": "21",
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(entry.pk),
            "form-0-present_days": "25",
            "form-0-official_days": "10",
            "form-0-absent_days": "-1",
            "form-0-late_count": "0",
            "form-0-remark": "",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "确保该值大于或等于0" in page  # Django's own Chinese message for -1
    entry.refresh_from_db()
    assert entry.present_days == 21
    response = client.post(
        reverse("attendance:sheet_edit", args=[sheet.pk]),
        {
            "required_days": "21",
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(entry.pk),
            "form-0-present_days": "25",
            "form-0-official_days": "10",
            "form-0-absent_days": "0",
            "form-0-late_count": "0",
            "form-0-remark": "",
        },
        follow=True,
    )
    with translation.override("zh-hans"):
        expected = str(MSG_DAYS_OVER_MONTH).format(total=35, days=31)
    assert expected in response.content.decode()


def test_the_rules_flag_any_absence_and_low_attendance(world):
    sheet = sheet_of(world)
    trainee = TraineeFactory(township=world.township_a, name="低出勤")
    sheet.entries.create(trainee=trainee, present_days=18)  # 18 of 21: 85.7 %
    services.sheet_fill(
        actor=world.users["superuser"],
        sheet=sheet,
        required_days=21,
        entries={_entry(sheet, world.own).pk: {"present_days": 20, "absent_days": 1}},
    )
    services.sheet_submit(actor=world.users["superuser"], sheet=sheet)
    assert trainee_months(world.own)[0].flagged
    assert trainee_months(trainee)[0].flagged
    rules = AttendanceRules.current()
    rules.flag_any_absence, rules.min_rate_percent = False, 85
    rules.save()
    assert not trainee_months(world.own)[0].flagged
    assert not trainee_months(trainee)[0].flagged
