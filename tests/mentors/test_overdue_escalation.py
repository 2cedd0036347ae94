"""An overdue monthly record: the mentor's link opens the month's record form (the staff it
climbs to get the trainee's page); with two mentors, each item names the mentor who is late,
trainee first; staff above the township get a daily digest unless they chose single e-mails."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from notifications.models import Delivery, Notification, NotificationPreference, ReminderSettings
from notifications.services import delivery_send, sweep_run
from tests.factories import MentorFactory, MentorshipFactory

TODAY = dt.date(2026, 11, 8)  # October's record was due on 25 October: 13 days overdue
KIND = "mentors.feedback_overdue"


def overdue(world):
    second = MentorFactory(unit=world.township_a, name="李导师")
    MentorshipFactory(trainee=world.own, mentor=second, is_primary=False)
    for user in world.users.values():
        if user is not None:
            user.email = f"{user.username}@example.org"
            user.save()
    config = ReminderSettings.current()
    config.escalate_city_after_days = 10  # every level told by TODAY
    config.save()
    sweep_run(today=TODAY, now=dt.datetime(2026, 11, 8, 3, tzinfo=dt.UTC))
    return second


def test_the_mentors_overdue_link_opens_the_months_record_form(world):
    overdue(world)
    [notice] = Notification.objects.filter(recipient=world.users["mentor"], kind=KIND)
    pairing = world.own.mentorships.get(mentor=world.mentor)
    assert notice.url == reverse("mentors:feedback_edit", args=[pairing.pk, 2026, 10])
    staff = Notification.objects.filter(recipient=world.users["unit_staff"], kind=KIND)
    # The section of the trainee's page with the mentoring records.
    training = reverse("cadets:trainee_section", args=[world.own.pk, "training"])
    assert {n.url for n in staff} == {f"{training}#feedback"}


def test_staff_are_told_which_mentor_is_late_trainee_first(world):
    second = overdue(world)
    for role in ("unit_staff", "county_staff", "city_staff"):
        titles = sorted(
            Notification.objects.filter(recipient=world.users[role], kind=KIND).values_list(
                "title", flat=True
            )
        )
        assert len(titles) == 2 and titles[0] != titles[1]
        assert all(title.startswith(world.own.name) for title in titles)
        assert any(world.mentor.name in t for t in titles) and any(second.name in t for t in titles)


def test_staff_above_the_township_get_a_daily_digest_by_default(world):
    NotificationPreference.objects.create(user=world.users["city_staff"], daily_digest=False)
    overdue(world)
    county = Notification.objects.filter(recipient=world.users["county_staff"], kind=KIND)
    assert county and all(n.in_digest for n in county)
    assert not Delivery.objects.filter(
        recipient=world.users["county_staff"], channel=Delivery.Channel.EMAIL
    ).exists()
    # The township's staff get single e-mails; the city staff chose them.
    for role in ("unit_staff", "city_staff"):
        assert (
            Delivery.objects.filter(
                recipient=world.users[role], channel=Delivery.Channel.EMAIL, notification__kind=KIND
            ).count()
            == 2
        )


def test_the_preferences_page_shows_the_digest_default(world, client):
    client.force_login(world.users["county_staff"])
    form = client.get(reverse("notifications:preferences")).context["form"]
    assert form["daily_digest"].value() is True
    client.force_login(world.users["unit_staff"])
    form = client.get(reverse("notifications:preferences")).context["form"]
    assert form["daily_digest"].value() is False


def test_two_late_mentors_give_the_township_two_different_emails_each_naming_its_mentor(
    world, mailoutbox
):
    second = overdue(world)
    for delivery in Delivery.objects.filter(
        recipient=world.users["unit_staff"], channel=Delivery.Channel.EMAIL, notification__kind=KIND
    ):
        delivery_send(delivery_id=delivery.pk)
    subjects = sorted(m.subject for m in mailoutbox)
    assert len(subjects) == 2 and subjects[0] != subjects[1]
    assert all(world.own.name in s for s in subjects)
    assert any(world.mentor.name in s for s in subjects) and any(second.name in s for s in subjects)


def test_the_daily_digest_groups_the_items_of_one_trainee_under_their_name(world, mailoutbox):
    second = overdue(world)
    [digest] = Delivery.objects.filter(
        recipient=world.users["county_staff"], channel=Delivery.Channel.DIGEST
    )
    delivery_send(delivery_id=digest.pk)
    [message] = mailoutbox
    lines = [line.strip() for line in message.body.splitlines() if line.strip()]
    assert lines.count(world.own.name) == 1
    heading = lines.index(world.own.name)
    group = []  # the item and link lines up to the next heading
    for line in lines[heading + 1 :]:
        if not line.startswith(("- ", "http")):
            break
        group.append(line)
    late = [line for line in group if "mentor" in line or "导师" in line]
    assert any(world.mentor.name in line for line in late)
    assert any(second.name in line for line in late)
