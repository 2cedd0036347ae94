"""Sessions idle out after 30 minutes and end 12 hours after sign-in; logout ends them."""

import time

import pytest
from django.urls import reverse

from accounts.middleware import SESSION_SEEN, SESSION_STARTED
from tests.factories import UserFactory


@pytest.fixture
def signed_in(client, db):
    user = UserFactory(role="city_staff")
    client.force_login(user)
    return client


def _shift(client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_a_fresh_session_works(signed_in):
    assert signed_in.get(reverse("accounts:password_change")).status_code == 200


def test_thirty_idle_minutes_end_the_session(signed_in):
    _shift(signed_in, SESSION_SEEN, 31 * 60)
    response = signed_in.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert signed_in.get(reverse("accounts:password_change")).status_code == 302


def test_activity_keeps_the_session_alive_but_not_past_twelve_hours(signed_in):
    _shift(signed_in, SESSION_SEEN, 29 * 60)
    assert signed_in.get(reverse("accounts:password_change")).status_code == 200
    assert signed_in.session[SESSION_SEEN] > time.time() - 5  # refreshed
    _shift(signed_in, SESSION_STARTED, 12 * 3600 + 1)
    assert signed_in.get(reverse("accounts:password_change")).status_code == 302


def test_logout_invalidates_the_session(signed_in):
    session_key = signed_in.session.session_key
    signed_in.post(reverse("accounts:logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert signed_in.get(reverse("accounts:password_change")).status_code == 302
