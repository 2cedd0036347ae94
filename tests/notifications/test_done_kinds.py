"""The notification list shows as done (已完成) more kinds than the monthly record: a difficulty
once resolved, a township's attendance sheet once submitted, a follow-up year once recorded.
Each kind's check answers only for the keys it is asked about."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from careers.models import FollowUp
from notifications.done import mark_done
from notifications.models import Notification
from support.services import difficulty_handle
from tests.attendance.builders import MONTH, sheet_of
from tests.support.builders import difficulty_for


def notice(world, kind: str, subject, period: str) -> Notification:
    return Notification.objects.create(
        recipient=world.users["city_staff"],
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        period=period,
        title="提醒",
    )


def done(notification: Notification) -> bool:
    [marked] = mark_done([notification])
    return marked.is_done


def test_a_difficulty_is_done_once_resolved(world):
    difficulty = difficulty_for(world, "own")
    reminder = notice(world, "support.difficulty_due", difficulty, difficulty.due_on.isoformat())
    assert not done(reminder)
    difficulty.resolution = "已维修宿舍屋顶"
    difficulty_handle(actor=world.users["superuser"], difficulty=difficulty, resolved=True)
    assert done(reminder)


def test_an_attendance_sheet_is_done_once_submitted_not_while_a_draft(world):
    reminder = notice(world, "attendance.sheet_due", world.township_a, f"{MONTH:%Y-%m}")
    sheet_of(world)
    assert not done(reminder)
    sheet_of(world, submitted=True)
    assert done(reminder)
    other_month = notice(world, "attendance.sheet_due", world.township_a, "2026-09")
    assert not done(other_month)


def test_a_follow_up_year_is_done_once_recorded(world):
    reminder = notice(world, "careers.follow_up_due", world.own, "2026")
    assert not done(reminder)
    FollowUp.objects.create(trainee=world.own, year=2025, unit="甲镇政府", post="科员")
    assert not done(reminder)
    FollowUp.objects.create(trainee=world.own, year=2026, unit="甲镇政府", post="科员")
    assert done(reminder)
