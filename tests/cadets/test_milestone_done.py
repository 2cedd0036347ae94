"""A plan milestone's reminder is shown as done (已完成) in the notification list once the
milestone is marked done."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from cadets.plan_services import milestone_mark_done
from notifications.done import mark_done
from notifications.models import Notification

from .test_plan_workflow import approved


def test_a_milestone_reminder_is_done_once_the_milestone_is_marked_done(world):
    milestone = approved(world).milestones.get()
    reminder = Notification.objects.create(
        recipient=world.users["unit_staff"],
        kind="cadets.milestone_due",
        subject_type=ContentType.objects.get_for_model(milestone),
        subject_id=milestone.pk,
        period=milestone.due_on.isoformat(),
        title="节点到期",
    )
    assert not mark_done([reminder])[0].is_done
    milestone_mark_done(
        actor=world.users["unit_staff"], milestone=milestone, done_on=dt.date(2026, 8, 2)
    )
    assert mark_done([reminder])[0].is_done
