"""请假 / 销假: the approval chain by length, refusals, overlaps, the return report."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from cadets import leave_services as services
from cadets.leave_services import (
    MSG_LEAVE_NOT_AWAITING_YOU,
    MSG_LEAVE_NOT_OWN,
    MSG_REFUSAL_NEEDS_COMMENT,
)
from cadets.models import MSG_LEAVE_END_BEFORE_START, LeavePolicy, LeaveRequest, Trainee

from .builders import make_leave

TODAY = dt.date(2026, 11, 26)


def ask(world, starts_on, ends_on, trainee=None, actor=None):
    return services.leave_request(
        actor=actor or world.users["trainee"],
        trainee=trainee or world.own,
        kind=LeaveRequest.Kind.PERSONAL,
        starts_on=starts_on,
        ends_on=ends_on,
        reason="家中有事",
    )


def approve(world, role, leave, ok=True, comment=""):
    return services.leave_decide(actor=world.users[role], leave=leave, approve=ok, comment=comment)


def test_short_leave_needs_the_receiving_unit_alone(world):
    leave = ask(world, dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    assert leave.approval_chain == ["unit_staff"]
    leave = approve(world, "unit_staff", leave)
    assert leave.status == LeaveRequest.Status.APPROVED


def test_long_leave_goes_on_to_the_county(world):
    leave = ask(world, dt.date(2026, 12, 1), dt.date(2026, 12, 5))
    assert leave.days == 5 and leave.approval_chain == ["unit_staff", "county_staff"]
    with pytest.raises(ValidationError) as error:
        approve(world, "county_staff", leave)  # not yet its turn
    assert error.value.messages == [str(MSG_LEAVE_NOT_AWAITING_YOU)]
    leave = approve(world, "unit_staff", leave)
    assert leave.status == LeaveRequest.Status.PENDING and leave.awaiting_role == "county_staff"
    leave = approve(world, "county_staff", leave)
    assert leave.status == LeaveRequest.Status.APPROVED
    assert [a.role for a in leave.approvals.all()] == ["unit_staff", "county_staff"]


def test_a_refusal_needs_a_comment_and_ends_the_chain(world):
    leave = ask(world, dt.date(2026, 12, 1), dt.date(2026, 12, 5))
    with pytest.raises(ValidationError) as error:
        approve(world, "unit_staff", leave, ok=False)
    assert error.value.message_dict["comment"] == [str(MSG_REFUSAL_NEEDS_COMMENT)]
    leave = approve(world, "unit_staff", leave, ok=False, comment="年底工作任务重")
    assert leave.status == LeaveRequest.Status.REFUSED
    with pytest.raises(ValidationError):
        approve(world, "county_staff", leave)


def test_staff_outside_the_trainees_place_cannot_approve(world):
    leave = ask(world, dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    from tests.factories import UserFactory

    stranger = UserFactory(role="unit_staff", org_unit=world.township_b)
    with pytest.raises(ValidationError):
        services.leave_decide(actor=stranger, leave=leave, approve=True)


def test_overlapping_leave_is_refused_and_nothing_saved(world):
    ask(world, dt.date(2026, 12, 1), dt.date(2026, 12, 5))
    with pytest.raises(ValidationError) as error:
        ask(world, dt.date(2026, 12, 5), dt.date(2026, 12, 8))
    assert "2026-12-01" in error.value.messages[0]
    assert LeaveRequest.objects.count() == 1


def test_refused_or_withdrawn_leave_frees_its_days(world):
    first = ask(world, dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    approve(world, "unit_staff", first, ok=False, comment="不同意")
    assert ask(world, dt.date(2026, 12, 1), dt.date(2026, 12, 1)).status == "pending"


def test_the_database_refuses_overlapping_leave(world):
    make_leave(world.own, starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 5))
    with pytest.raises(IntegrityError):
        make_leave(world.own, starts_on=dt.date(2026, 12, 5), ends_on=dt.date(2026, 12, 6))


def test_leave_ending_before_it_starts_is_refused(world):
    with pytest.raises(ValidationError) as error:
        ask(world, dt.date(2026, 12, 5), dt.date(2026, 12, 1))
    assert error.value.message_dict["ends_on"] == [str(MSG_LEAVE_END_BEFORE_START)]
    assert not LeaveRequest.objects.exists()


def test_the_form_says_so_in_chinese(world, login):
    client = login(world.users["trainee"])
    response = client.post(
        reverse("cadets:leave_create"),
        {"kind": "personal", "starts_on": "2026-12-05", "ends_on": "2026-12-01", "reason": "事"},
    )
    assert response.status_code == 200
    assert "请假结束日期不能早于开始日期" in response.content.decode()
    assert not LeaveRequest.objects.exists()


def test_a_trainee_asks_only_for_themselves(world):
    with pytest.raises(ValidationError) as error:
        ask(world, dt.date(2026, 12, 1), dt.date(2026, 12, 1), trainee=world.other)
    assert error.value.messages == [str(MSG_LEAVE_NOT_OWN)]


def test_the_return_report_closes_the_leave(world):
    leave = ask(world, dt.date(2026, 11, 2), dt.date(2026, 11, 3))
    approve(world, "unit_staff", leave)
    leave = services.leave_return(
        actor=world.users["trainee"],
        leave=leave,
        returned_on=dt.date(2026, 11, 4),
        note="已按时返岗",
        today=TODAY,
    )
    assert leave.status == LeaveRequest.Status.RETURNED
    assert leave.extension_days == 0


def test_no_return_report_before_approval(world):
    leave = ask(world, dt.date(2026, 11, 2), dt.date(2026, 11, 3))
    with pytest.raises(ValidationError):
        services.leave_return(
            actor=world.users["trainee"], leave=leave, returned_on=TODAY, today=TODAY
        )


def test_long_leave_extends_the_training_period(world):
    policy = LeavePolicy.current()
    policy.extend_training_after_days = 30
    policy.save()
    before = world.own.training_ends_on
    leave = ask(world, dt.date(2026, 6, 1), dt.date(2026, 8, 31))
    approve(world, "unit_staff", leave)
    approve(world, "county_staff", leave)
    leave = services.leave_return(
        actor=world.users["trainee"], leave=leave, returned_on=dt.date(2026, 9, 1), today=TODAY
    )
    trainee = Trainee.objects.get(pk=world.own.pk)
    assert leave.extension_days == 92
    assert trainee.extension_days == 92
    assert trainee.training_ends_on == before + dt.timedelta(days=92)


def test_a_trainee_withdraws_leave_that_has_not_begun(world):
    leave = ask(world, dt.date(2099, 1, 1), dt.date(2099, 1, 1))
    leave = services.leave_cancel(actor=world.users["trainee"], leave=leave, today=TODAY)
    assert leave.status == LeaveRequest.Status.CANCELLED


def test_staff_see_the_days_of_leave_per_trainee_this_year(world, login):
    from django.utils import timezone

    year = timezone.localdate().year
    make_leave(
        world.own,
        starts_on=dt.date(year, 3, 2),
        ends_on=dt.date(year, 3, 4),
        status=LeaveRequest.Status.RETURNED,
    )
    page = login(world.users["unit_staff"]).get(reverse("cadets:leave_list")).content.decode()
    assert 'data-testid="days-by-trainee"' in page
    assert "本人" in page
