"""A rating reminder (due or overdue, a rater's or the trainee's self-report) is shown as done
(已完成) in the notification list once the assignment is submitted."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from assessments.models import RaterAssignment
from assessments.services import rating_submit
from notifications.done import mark_done
from notifications.models import Notification

CODES = ["de", "neng", "qin", "ji", "lian"]


def test_a_rating_reminder_is_done_once_the_rating_is_submitted(aw, world):
    mentor = world.users["mentor"]
    assignment = RaterAssignment.objects.get(assessment=aw["own"], rater=mentor)
    reminders = [
        Notification.objects.create(
            recipient=mentor,
            kind=kind,
            subject_type=ContentType.objects.get_for_model(assignment),
            subject_id=assignment.pk,
            period=aw["own"].cycle.rating_deadline.isoformat(),
            title="测评待提交",
        )
        for kind in ("assessments.rating_due", "assessments.rating_overdue")
    ]
    assert not any(n.is_done for n in mark_done(reminders))
    rating_submit(
        actor=mentor, assignment=assignment, scores=dict.fromkeys(CODES, 88), comment="认真负责"
    )
    assert all(n.is_done for n in mark_done(reminders))
