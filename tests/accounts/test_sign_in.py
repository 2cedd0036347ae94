"""Signing in: Argon2 in production, lockout after 10 failures per account, language sticks."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory


def test_production_hashes_passwords_with_argon2id_at_owasp_minimum():
    from argon2 import extract_parameters

    from accounts.hashers import Argon2idHasher
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "accounts.hashers.Argon2idHasher"
    encoded = Argon2idHasher().encode("Demo@2026", "somesaltsomesalt")
    params = extract_parameters(encoded.removeprefix("argon2"))
    assert encoded.startswith("argon2$argon2id$")
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2


def test_a_hash_with_djangos_default_argon2_parameters_verifies_and_is_rehashed():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from accounts.hashers import Argon2idHasher

    old = Argon2PasswordHasher().encode("Demo@2026", "somesaltsomesalt")
    ours = Argon2idHasher()
    assert ours.verify("Demo@2026", old)
    assert ours.must_update(old)
    assert not ours.must_update(ours.encode("Demo@2026", ours.salt()))


@pytest.fixture
def staff(db):
    return UserFactory(username="zhang", role="")


def attempt(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_wrong_password_shows_a_chinese_message(client, staff):
    response = attempt(client, "zhang", "wrong")
    assert "用户名或密码错误" in response.content.decode()


def test_ten_failures_lock_the_account_even_with_the_right_password(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "zhang", "wrong")
    response = attempt(client, "zhang", "pw-for-tests")
    assert response.status_code == 429
    assert "该账号暂时被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_forged_forwarded_address_does_not_lift_the_lock(client, staff):
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "zhang", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}",
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "zhang", "password": "pw-for-tests"},
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert response.status_code == 429


def test_nine_failures_then_the_right_password_signs_in(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "zhang", "wrong")
    response = attempt(client, "zhang", "pw-for-tests")
    assert response.status_code == 302


def test_the_chosen_language_sticks_to_the_user(client, staff):
    client.force_login(staff)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    staff.refresh_from_db()
    assert staff.language == "en"
    client.cookies.clear()  # another device: no language cookie
    client.force_login(User.objects.get(pk=staff.pk))
    html = client.get(reverse("accounts:home")).content.decode()
    assert "Welcome" in html


def test_chinese_is_the_default(client, staff):
    client.force_login(staff)
    assert "欢迎" in client.get(reverse("accounts:home")).content.decode()


def test_set_language_refuses_an_outside_redirect(client, staff):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("accounts:home")


def test_sessions_expire(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_a_locked_account_unlocks_after_the_window(client, staff):
    import datetime as dt

    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "zhang", "wrong")
    assert attempt(client, "zhang", "pw-for-tests").status_code == 429
    # Fifteen minutes and a second later, as far as the lock is concerned.
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    )
    assert attempt(client, "zhang", "pw-for-tests").status_code == 302
