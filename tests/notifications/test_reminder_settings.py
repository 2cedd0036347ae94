"""City staff set the lead times and escalation thresholds on a page."""

from __future__ import annotations

from django.urls import reverse

from cadets.reminders import PROBATION_ENDING, TRAINING_ENDING
from notifications.due import lead_times
from notifications.forms import MSG_THRESHOLDS_ORDER
from notifications.models import ReminderSettings


def _data(**changes) -> dict:
    data = {
        "escalate_unit_after_days": 3,
        "escalate_county_after_days": 7,
        "escalate_city_after_days": 14,
        "digest_hour": 8,
        # Every registered lead time is a field of the page, at its default.
        **{f"lead__{lead.key.replace('.', '__')}": lead.default_days for lead in lead_times()},
    }
    return {**data, **changes}


def test_the_page_lists_every_registered_lead_time_with_its_default(world, login):
    response = login(world.users["city_staff"]).get(reverse("notifications:settings"))
    form = response.context["form"]
    assert form["lead__cadets__probation_ending"].initial == PROBATION_ENDING.default_days
    assert form["lead__cadets__training_ending"].initial == TRAINING_ENDING.default_days


def test_city_staff_change_lead_times(world, login):
    client = login(world.users["city_staff"])
    response = client.post(
        reverse("notifications:settings"), _data(lead__cadets__probation_ending=45)
    )
    assert response.status_code == 302
    config = ReminderSettings.current()
    assert config.lead_days_for(PROBATION_ENDING) == 45
    assert config.history.count() >= 1


def test_thresholds_must_rise_level_by_level(world, login):
    client = login(world.users["city_staff"])
    response = client.post(reverse("notifications:settings"), _data(escalate_county_after_days=2))
    assert response.status_code == 200
    assert str(MSG_THRESHOLDS_ORDER) in response.content.decode()
