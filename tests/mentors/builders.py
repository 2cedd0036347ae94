"""Records of the mentoring app for the access matrix and the tests, built on tests/world.py:
"own" records hang off the `own` trainee, "other" records off the `other` trainee."""

from __future__ import annotations

import datetime as dt

from accounts.models import Role
from mentors.models import Mentorship, MonthlyFeedback
from tests.factories import MentorFactory, MentorshipFactory, UserFactory

FEEDBACK_MONTH = dt.date(2025, 10, 1)


def other_mentor(world):
    if "other_mentor" not in world.extra:
        world.extra["other_mentor"] = MentorFactory(
            user=UserFactory(username="other-mentor", role=Role.MENTOR),
            unit=world.township_b,
        )
    return world.extra["other_mentor"]


def mentor_for(world, which: str):
    return world.mentor if which == "own" else other_mentor(world)


def mentorship_for(world, which: str) -> Mentorship:
    key = f"mentorship_{which}"
    if key not in world.extra:
        if which == "own":
            world.extra[key] = Mentorship.objects.get(trainee=world.own, mentor=world.mentor)
        else:
            world.extra[key] = MentorshipFactory(trainee=world.other, mentor=other_mentor(world))
    return world.extra[key]


def submitted_feedback(mentorship: Mentorship, month: dt.date = FEEDBACK_MONTH, **values):
    defaults = {
        "talk_on": month + dt.timedelta(days=9),
        "talk_form": "face",
        "thinking": "思想稳定",
        "work": "工作积极",
        "conduct": "作风扎实",
        "life": "生活适应",
        "status": MonthlyFeedback.Status.SUBMITTED,
    }
    defaults.update(values)
    return MonthlyFeedback.objects.create(
        mentorship=mentorship, month=month, author=mentorship.mentor.user, **defaults
    )


def feedback_for(world, which: str) -> MonthlyFeedback:
    key = f"feedback_{which}"
    if key not in world.extra:
        world.extra[key] = submitted_feedback(mentorship_for(world, which))
    return world.extra[key]
