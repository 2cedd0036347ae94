"""The mentor's home and the trainee's own page run a fixed number of queries, however many
mentees or records there are."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from mentors.models import MentoringConfig
from tests.cadets.builders import make_leave
from tests.factories import MentorFactory, MentorshipFactory, TraineeFactory

from .builders import mentorship_for, submitted_feedback

# The mentor's home (the session is read from Redis):
#  1 the user with their unit and the bell's unread count (accounts.backends),
#  2 the pairings with their mentor, trainees and townships, and as subquery columns this and
#    last month's record states, the type names and the mentoring rules
#    (mentors.selectors._home_rows),
#  3 the mentees' next plan milestones (mentors.selectors.upcoming_milestones)
#  (the navigation asks the rules only: no permission query).
MENTOR_HOME_QUERIES = 3
# The trainee's 我的 page opens on its overview (the other sections are pinned in
# tests/cadets/test_trainee_sections.py): 1 the user with the bell's unread count
# (accounts.backends; the session is read from Redis), 2 the trainee with cohort and places,
# 3 plan versions (plan panel), 4 pairings with their mentor type names (mentors panel),
# 5-6 the permissions granted through the database, user's and groups' (Django's ModelBackend:
# may they reveal the masked ID number?), 7 the conduct rules (the menu: may trainees read the
# exemplary cases?).
TRAINEE_HOME_QUERIES = 7


def add_mentees(world, n):
    today = timezone.localdate()
    for i in range(n):
        trainee = TraineeFactory(township=world.township_a)
        pairing = MentorshipFactory(trainee=trainee, mentor=world.mentor)
        if i % 2:
            submitted_feedback(pairing, month=today.replace(day=1), talk_on=today)


@pytest.mark.parametrize("extra_mentees", [0, 4])
def test_the_mentor_home_query_count(world, login, django_assert_num_queries, extra_mentees):
    add_mentees(world, extra_mentees)
    MentoringConfig.current()  # the rules row exists once the product runs
    client = login(world.users["mentor"])
    with django_assert_num_queries(MENTOR_HOME_QUERIES):
        response = client.get(reverse("mentors:home"))
    assert len(response.context["rows"]) == 1 + extra_mentees


def test_the_mentor_home_shows_this_months_status(world, login):
    today = timezone.localdate()
    client = login(world.users["mentor"])
    row = client.get(reverse("mentors:home")).context["rows"][0]
    assert row.status in ("due", "overdue")
    submitted_feedback(mentorship_for(world, "own"), month=today.replace(day=1), talk_on=today)
    row = client.get(reverse("mentors:home")).context["rows"][0]
    assert row.status == "done"


def test_a_mentor_lands_on_their_home(world, login):
    response = login(world.users["mentor"]).get(reverse("accounts:home"))
    assert response["Location"] == reverse("mentors:home")
    assert world.users["mentor"].role == Role.MENTOR


@pytest.mark.parametrize("records", [1, 5])
def test_the_trainee_home_query_count(world, login, django_assert_num_queries, records):
    config = MentoringConfig.current()
    config.trainees_see_feedback = True
    config.save()
    for i in range(records):
        submitted_feedback(mentorship_for(world, "own"), month=dt.date(2026, 1 + i, 1))
        make_leave(
            world.own, starts_on=dt.date(2026, 1, 5 + 2 * i), ends_on=dt.date(2026, 1, 5 + 2 * i)
        )
        MentorshipFactory(
            trainee=world.own,
            mentor=MentorFactory(unit=world.township_a),
            is_primary=False,
        )
    client = login(world.users["trainee"])
    with django_assert_num_queries(TRAINEE_HOME_QUERIES):
        response = client.get(reverse("cadets:me"))
    assert response.status_code == 200


def test_the_mentor_home_shows_the_next_milestones_of_the_plan_in_force(world, login):
    from cadets.models import PlanMilestone, TrainingPlan

    parts = {part: "内容" for part in TrainingPlan.PARTS}
    approved = {"status": "approved", "approved_at": timezone.now(), **parts}
    old = TrainingPlan.objects.create(trainee=world.own, version=1, **approved)
    new = TrainingPlan.objects.create(trainee=world.own, version=2, **approved)
    PlanMilestone.objects.create(plan=old, title="旧版里程碑", due_on=timezone.localdate())
    PlanMilestone.objects.create(plan=new, title="完成驻村调研", due_on=timezone.localdate())
    PlanMilestone.objects.create(
        plan=new, title="已完成的", due_on=timezone.localdate(), done_on=timezone.localdate()
    )
    html = login(world.users["mentor"]).get(reverse("mentors:home")).content.decode()
    assert "完成驻村调研" in html
    assert "旧版里程碑" not in html and "已完成的" not in html
