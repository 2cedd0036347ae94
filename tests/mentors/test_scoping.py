"""A mentor sees their own mentees, current and former, and only the records they may see."""

import datetime as dt

from django.urls import reverse

from cadets.models import Trainee
from mentors.models import MentoringConfig, MonthlyFeedback
from tests.factories import MentorshipFactory, TraineeFactory

from .builders import mentorship_for, other_mentor, submitted_feedback


def test_a_mentor_sees_current_and_former_mentees_only(world):
    former = TraineeFactory(township=world.township_a)
    MentorshipFactory(
        trainee=former,
        mentor=world.mentor,
        is_primary=False,
        ends_on=dt.date(2026, 1, 31),
    )
    stranger = TraineeFactory(township=world.township_a)
    visible = set(Trainee.objects.visible_to(world.users["mentor"]))
    assert visible == {world.own, former}
    assert stranger not in visible


def test_a_mentor_gets_404_for_someone_elses_mentee(world, login):
    client = login(world.users["mentor"])
    response = client.get(reverse("cadets:trainee_detail", args=[world.other.pk]))
    assert response.status_code == 404


def test_a_mentor_does_not_see_a_co_mentors_records_of_the_same_trainee(world):
    co_mentor = other_mentor(world)
    co_pairing = MentorshipFactory(trainee=world.own, mentor=co_mentor, is_primary=False)
    theirs = submitted_feedback(co_pairing)
    mine = submitted_feedback(mentorship_for(world, "own"))
    assert list(MonthlyFeedback.objects.visible_to(world.users["mentor"])) == [mine]
    assert theirs in MonthlyFeedback.objects.visible_to(world.users["unit_staff"])


def test_staff_do_not_see_a_mentors_draft(world):
    draft = submitted_feedback(mentorship_for(world, "own"), status=MonthlyFeedback.Status.DRAFT)
    assert draft not in MonthlyFeedback.objects.visible_to(world.users["city_staff"])
    assert draft in MonthlyFeedback.objects.visible_to(world.users["mentor"])


def test_a_trainee_sees_feedback_only_when_the_rules_share_it(world, login):
    feedback = submitted_feedback(mentorship_for(world, "own"))
    client = login(world.users["trainee"])
    url = reverse("mentors:feedback_detail", args=[feedback.pk])
    assert client.get(url).status_code == 404
    training = reverse("cadets:me_section", args=["training"])
    assert "feedback-panel" not in client.get(training).content.decode()

    config = MentoringConfig.current()
    config.trainees_see_feedback = True
    config.save()
    assert client.get(url).status_code == 200
    assert "feedback-panel" in client.get(training).content.decode()
