"""The private calendar feed: valid iCalendar, only the owner's items, revocable."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from icalendar import Calendar

from cadets.models import add_months
from notifications.models import CalendarFeed
from notifications.services import calendar_token_regenerate, calendar_token_revoke, sweep_run
from tests.factories import TraineeFactory


def _events(response) -> dict[str, dt.date]:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event.decoded("dtstart") for event in calendar.walk("VEVENT")}


def test_the_feed_is_valid_icalendar_with_only_the_owners_items(world, client):
    today = dt.date.today()
    # The own trainee's probation ends in 100 days: beyond the lead time, so no notification
    # yet, but the calendar shows it; the other trainee's is not theirs.
    own_end = today + dt.timedelta(days=100)
    own = world.own
    own.reported_on = add_months(own_end, -12)
    own.save()
    other = world.other
    other.reported_on = add_months(today + dt.timedelta(days=20), -12)
    other.save()
    sweep_run(today=today)
    token = calendar_token_regenerate(user=own.user)

    response = client.get(reverse("notifications:calendar_feed", args=[token]))
    assert response.status_code == 200
    events = _events(response)
    assert any(own.name in summary for summary in events)
    assert not any(other.name in summary for summary in events)
    assert own.probation_ends_on in events.values()
    # Every event has a stable UID, so a phone updates it instead of adding a copy.
    uids = [str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_staff_see_the_items_of_their_township(world, client):
    today = dt.date.today()
    trainee = TraineeFactory(
        village=world.village_a, reported_on=add_months(today + dt.timedelta(days=200), -12)
    )
    token = calendar_token_regenerate(user=world.users["unit_staff"])
    events = _events(client.get(reverse("notifications:calendar_feed", args=[token])))
    assert any(trainee.name in summary for summary in events)


def test_a_notifications_due_date_is_in_the_feed(world, client):
    today = dt.date.today()
    own = world.own
    own.reported_on = add_months(today + dt.timedelta(days=10), -12)
    own.save()
    sweep_run(today=today)
    own.status = own.Status.RESIGNED  # no longer due by the provider, still in the notification
    own.save()
    token = calendar_token_regenerate(user=own.user)
    events = _events(client.get(reverse("notifications:calendar_feed", args=[token])))
    assert own.probation_ends_on in events.values()


def test_a_revoked_or_replaced_token_answers_404(world, client):
    user = world.users["trainee"]
    old = calendar_token_regenerate(user=user)
    new = calendar_token_regenerate(user=user)
    assert client.get(reverse("notifications:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("notifications:calendar_feed", args=[new])).status_code == 200
    calendar_token_revoke(user=user)
    assert client.get(reverse("notifications:calendar_feed", args=[new])).status_code == 404


def test_only_a_hash_of_the_token_is_stored(world):
    user = world.users["trainee"]
    token = calendar_token_regenerate(user=user)
    stored = CalendarFeed.objects.get(user=user).token_hash
    assert token not in stored and stored == CalendarFeed.hash_token(token)


def test_the_new_address_is_shown_once_on_the_settings_page(world, login):
    client = login(world.users["mentor"])
    client.post(reverse("notifications:calendar_regenerate"))
    first = client.get(reverse("notifications:preferences"))
    assert first.context["feed_url"].endswith(".ics")
    token = first.context["feed_url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(reverse("notifications:calendar_feed", args=[token])).status_code == 200
    assert client.get(reverse("notifications:preferences")).context["feed_url"] is None
