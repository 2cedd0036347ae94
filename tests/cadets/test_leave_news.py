"""The trainee hears how their leave went: the approver is told where a long leave goes next;
the trainee is told (a notification) when it is approved or refused and when the return report
(销假) is due; leave that has not begun is never shown as overdue."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from cadets import leave_services as services
from cadets.models import LeaveRequest
from notifications.models import Notification
from notifications.selectors import calendar_for
from notifications.services import sweep_run


def ask(world, starts_on, ends_on):
    return services.leave_request(
        actor=world.users["trainee"],
        trainee=world.own,
        kind=LeaveRequest.Kind.PERSONAL,
        starts_on=starts_on,
        ends_on=ends_on,
        reason="家中有事",
    )


def told(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_the_township_is_told_that_a_long_leave_went_on_to_the_county(world, client):
    today = timezone.localdate()
    leave = ask(world, today + dt.timedelta(days=10), today + dt.timedelta(days=14))
    client.force_login(world.users["unit_staff"])
    url = reverse("cadets:leave_decide", args=[leave.pk])
    response = client.post(
        url, {"decision": "approve"}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True
    )
    body = response.content.decode()
    assert "县委组织部" in body and "已同意该请假申请" not in body
    client.force_login(world.users["county_staff"])
    response = client.post(
        url, {"decision": "approve"}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True
    )
    assert "已同意该请假申请" in response.content.decode()


def test_the_trainee_is_told_when_the_leave_is_approved_and_when_it_is_refused(world):
    today = timezone.localdate()
    approved = ask(world, today + dt.timedelta(days=10), today + dt.timedelta(days=10))
    refused = ask(world, today + dt.timedelta(days=20), today + dt.timedelta(days=20))
    services.leave_decide(actor=world.users["unit_staff"], leave=approved, approve=True)
    services.leave_decide(
        actor=world.users["unit_staff"], leave=refused, approve=False, comment="人手紧张"
    )
    sweep_run()
    sweep_run()  # idempotent
    news = told(world.users["trainee"], "cadets.leave_decided")
    assert sorted((n.subject_id, n.period) for n in news) == sorted(
        [(approved.pk, "approved"), (refused.pk, "refused")]
    )
    assert all(n.url == reverse("cadets:leave_detail", args=[n.subject_id]) for n in news)
    # News for the trainee only: nobody above is told.
    assert Notification.objects.filter(kind="cadets.leave_decided").count() == 2


def test_the_trainee_is_told_the_day_after_the_leave_that_the_return_report_is_due(world):
    today = timezone.localdate()
    leave = ask(world, today - dt.timedelta(days=2), today - dt.timedelta(days=1))
    LeaveRequest.objects.filter(pk=leave.pk).update(status=LeaveRequest.Status.APPROVED)
    sweep_run()
    [notice] = told(world.users["trainee"], "cadets.return_report_overdue")
    assert notice.overdue_since is None
    assert "逾期" not in notice.title and "overdue" not in notice.title


def test_a_leave_not_yet_begun_is_not_overdue_in_the_feed(world):
    today = timezone.localdate()
    leave = ask(world, today + dt.timedelta(days=5), today + dt.timedelta(days=6))
    LeaveRequest.objects.filter(pk=leave.pk).update(status=LeaveRequest.Status.APPROVED)
    world.users["trainee"].language = "zh-hans"
    world.users["trainee"].save()
    feed = calendar_for(world.users["trainee"]).decode().replace("\r\n ", "")  # unfolded
    assert "销假" in feed
    assert "逾期" not in feed and "已于" not in feed
