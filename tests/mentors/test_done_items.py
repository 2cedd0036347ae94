"""Feeds and lists show what is still due: once the month's record is submitted, the calendar
feed no longer asks for it and the notification list shows it as done; a rotation's end is one
event in the feed however many reminders it had."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.selectors import calendar_for
from notifications.services import sweep_run
from tests.mentors.builders import submitted_feedback
from tests.rotations.factories import RotationFactory


def events(feed: bytes) -> list[str]:
    return [line for line in feed.decode().splitlines() if line.startswith("UID:")]


def test_a_submitted_record_leaves_the_feed_and_is_shown_done_in_the_list(world, client):
    mentor = world.users["mentor"]
    today = timezone.localdate()
    month = today.replace(day=1)
    sweep_run(today=month)  # the record of this month is due: the mentor is told
    pairing = world.own.mentorships.get()
    notice = Notification.objects.get(recipient=mentor, kind="mentors.feedback_due")
    this_month = f"mentors.mentorship-{pairing.pk}-{notice.due_on.isoformat()}@"
    assert any(this_month in uid for uid in events(calendar_for(mentor)))

    submitted_feedback(pairing, month)

    # This month's event is gone (next month's is still ahead).
    assert not any(this_month in uid for uid in events(calendar_for(mentor)))
    client.force_login(mentor)
    page = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    row = next(n for n in page.context["page"].object_list if n.pk == notice.pk)
    assert row.is_done
    assert 'data-testid="done"' in page.content.decode()


def test_a_rotation_ending_is_one_event_in_the_feed(world):
    today = timezone.localdate()
    ends_on = today + dt.timedelta(days=5)
    RotationFactory(trainee=world.own, starts_on=ends_on - dt.timedelta(days=120), ends_on=ends_on)
    sweep_run(today=ends_on - dt.timedelta(days=14))  # the 14-day reminder
    sweep_run(today=today)  # the 7-day reminder
    staff = world.users["unit_staff"]
    assert Notification.objects.filter(recipient=staff, kind="rotations.ending").count() == 2
    ending = [uid for uid in events(calendar_for(staff)) if ends_on.isoformat() in uid]
    assert len(ending) == 1
