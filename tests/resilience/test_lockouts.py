"""Every password re-entry counts towards the sign-in lockout, an address is limited across
accounts, and the audit log records each lock."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import UserFactory

LIMIT = settings.AXES_FAILURE_LIMIT
LOCKED = "该账号暂时被锁定"


@pytest.fixture
def revealer(world, login):
    user = world.users["city_staff"]
    user.user_permissions.add(Permission.objects.get(codename="reveal_sensitive"))
    return login(user)


def _reveal(client, world, password):
    url = reverse("cadets:trainee_reveal", args=[world.own.pk, "id_number"])
    return client.post(url, {"reason": "核对报到材料", "password": password})


def test_wrong_passwords_to_reveal_an_id_number_lock_the_account(world, revealer, client):
    for _ in range(LIMIT - 1):
        assert _reveal(revealer, world, "wrong").status_code == 200
    assert _reveal(revealer, world, "wrong").status_code == 429  # the tenth failure locks
    response = _reveal(revealer, world, "pw-for-tests")
    assert response.status_code == 429
    assert world.own.id_number not in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKOUT, actor_label="city").exists()
    # The same lock refuses a sign-in with the right password.
    revealer.logout()
    signin = client.post(
        reverse("accounts:login"), {"username": "city", "password": "pw-for-tests"}
    )
    assert signin.status_code == 429 and LOCKED in signin.content.decode()


def test_the_right_password_still_reveals_after_a_few_mistakes(world, revealer):
    for _ in range(LIMIT - 1):
        _reveal(revealer, world, "wrong")
    response = _reveal(revealer, world, "pw-for-tests")
    assert world.own.id_number in response.content.decode()


def test_wrong_current_passwords_on_the_password_change_page_lock_the_account(world, login):
    client = login(world.users["city_staff"])
    data = {
        "old_password": "wrong",
        "new_password1": "Qx7!long-pass",
        "new_password2": "Qx7!long-pass",
    }
    for _ in range(LIMIT - 1):
        response = client.post(reverse("accounts:password_change"), data)
        assert response.status_code == 200
    assert client.post(reverse("accounts:password_change"), data).status_code == 429
    response = client.post(
        reverse("accounts:password_change"), {**data, "old_password": "pw-for-tests"}
    )
    assert response.status_code == 429
    world.users["city_staff"].refresh_from_db()
    assert world.users["city_staff"].check_password("pw-for-tests")  # unchanged
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKOUT).exists()


def test_the_password_change_works_with_the_right_password(world, login):
    client = login(world.users["city_staff"])
    data = {"old_password": "pw-for-tests", "new_password1": "Qx7!long-pass",
            "new_password2": "Qx7!long-pass"}  # fmt: skip
    assert client.post(reverse("accounts:password_change"), data).status_code == 302


def test_one_address_cannot_try_passwords_on_every_account(db, client):
    accounts = [UserFactory(username=f"user{i}", role="") for i in range(LIMIT + 1)]
    for user in accounts[:LIMIT]:  # one failure on each of ten accounts
        client.post(reverse("accounts:login"), {"username": user.username, "password": "guess"})
    last = accounts[LIMIT]
    response = client.post(reverse("accounts:login"),
                           {"username": last.username, "password": "pw-for-tests"})  # fmt: skip
    assert response.status_code == 429
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKOUT).exists()


def test_an_account_signs_in_from_another_address_while_the_first_address_is_locked(db, client):
    UserFactory(username="li", role="")
    for i in range(LIMIT):  # the address 127.0.0.1 is locked after these
        client.post(reverse("accounts:login"), {"username": f"other{i}", "password": "guess"})
    data = {"username": "li", "password": "pw-for-tests"}
    assert client.post(reverse("accounts:login"), data).status_code == 429
    other_address = client.post(reverse("accounts:login"), data, REMOTE_ADDR="10.1.2.3")
    assert other_address.status_code == 302
