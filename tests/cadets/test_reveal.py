"""Revealing a full ID or phone number: permission, reason and password, one audit record."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AuditEvent
from cadets.reveal import MSG_REASON_REQUIRED, MSG_WRONG_PASSWORD


@pytest.fixture
def revealer(world, login):
    user = world.users["city_staff"]
    user.user_permissions.add(Permission.objects.get(codename="reveal_sensitive"))
    return login(user)


def url(world, field="id_number"):
    return reverse("cadets:trainee_reveal", args=[world.own.pk, field])


def test_a_reason_and_the_password_reveal_the_value_and_write_one_record(world, revealer):
    response = revealer.post(url(world), {"reason": "核对报到材料", "password": "pw-for-tests"})
    assert world.own.id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.REVEAL)
    assert (event.actor_label, event.subject_id, event.field, event.reason) == (
        "city",
        str(world.own.pk),
        "id_number",
        "核对报到材料",
    )
    assert world.own.id_number not in str(AuditEvent.objects.values().get(pk=event.pk))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "", "password": "pw-for-tests"}, MSG_REASON_REQUIRED),
        ({"reason": "核对报到材料", "password": "wrong"}, MSG_WRONG_PASSWORD),
    ],
    ids=["no-reason", "wrong-password"],
)
def test_a_reveal_without_reason_or_password_is_refused_and_recorded(
    world, revealer, data, message
):
    response = revealer.post(url(world), data)
    html = response.content.decode()
    assert str(message) in html and world.own.id_number not in html
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL_REFUSED).count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL).exists()


def test_without_the_permission_a_reveal_is_forbidden(world, login):
    response = login(world.users["county_staff"]).post(
        url(world), {"reason": "核对报到材料", "password": "pw-for-tests"}
    )
    assert response.status_code == 403


def test_the_edit_form_never_prefills_sensitive_values_and_keeps_them_when_left_empty(world, login):
    client = login(world.users["county_staff"])
    edit = reverse("cadets:trainee_update", args=[world.own.pk])
    html = client.get(edit).content.decode()
    assert world.own.id_number not in html and world.own.masked_id_number in html
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("id", "user")}
    data.update(
        id_number="",
        phone="",
        county=world.county_a.pk,
        township=world.township_a.pk,
        village=world.village_a.pk,
        cohort=world.own.cohort_id,
        version=world.own.version,
        birth_date=str(world.own.birth_date),
        reported_on=str(world.own.reported_on),
    )
    assert client.post(edit, data).status_code == 302
    before = world.own.id_number
    world.own.refresh_from_db()
    assert world.own.id_number == before and world.own.phone
