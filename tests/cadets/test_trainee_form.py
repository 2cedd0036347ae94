"""Creating and editing trainees through the staff form: bad input is refused with a clear
Chinese message and nothing is saved."""

import datetime as dt

import pytest
from django.urls import reverse

from cadets.idnumber import MSG_ID_CHECK
from cadets.models import MSG_ID_TAKEN, MSG_VILLAGE_OUTSIDE_TOWNSHIP, Trainee
from cadets.services import MSG_STALE_EDIT
from tests.factories import id_number_for


def form_data(world, **overrides) -> dict:
    birth = dt.date(2001, 3, 9)
    data = {
        "name": "新学员",
        "sex": "M",
        "ethnicity": "汉族",
        "birth_date": birth.isoformat(),
        "native_place": "青山市",
        "id_number": id_number_for(birth, 4242),
        "phone": "19900001111",
        "political_status": "league",
        "education": "bachelor",
        "degree": "bachelor",
        "school": "青山大学",
        "major": "法学",
        "stream": "regular",
        "cohort": world.own.cohort_id,
        "reported_on": "2025-08-01",
        "county": world.county_a.pk,
        "township": world.township_a.pk,
        "village": world.village_a.pk,
        "current_post": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def county_client(world, login):
    return login(world.users["county_staff"])


def test_it_creates_a_trainee_in_scope(world, county_client):
    response = county_client.post(reverse("cadets:trainee_create"), form_data(world))
    trainee = Trainee.objects.get(name="新学员")
    assert response.status_code == 302
    assert trainee.training_ends_on == dt.date(2027, 8, 1)
    assert trainee.probation_ends_on == dt.date(2026, 8, 1)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "990000200103090001"}, "id_number", str(MSG_ID_CHECK)),
        ({"birth_date": "2001-02-30"}, "birth_date", None),
        ({"name": ""}, "name", None),
        ({"birth_date": "2001-03-10"}, "birth_date", "出生日期与身份证号"),
    ],
    ids=["bad-check-digit", "impossible-date", "missing-name", "birth-mismatch"],
)
def test_it_refuses_bad_input_and_saves_nothing(world, county_client, overrides, field, message):
    before = Trainee.objects.count()
    response = county_client.post(reverse("cadets:trainee_create"), form_data(world, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert any(message in e for e in errors[field])
    assert Trainee.objects.count() == before


def test_it_refuses_a_duplicate_id_number(world, county_client):
    data = form_data(world, id_number=world.other.id_number, birth_date=str(world.other.birth_date))
    response = county_client.post(reverse("cadets:trainee_create"), data)
    assert response.context["form"].errors["id_number"] == [str(MSG_ID_TAKEN)]


def test_it_refuses_a_village_outside_the_township(world, login):
    city = login(world.users["city_staff"])
    other_village = world.township_b.children.get()
    response = city.post(
        reverse("cadets:trainee_create"), form_data(world, village=other_village.pk)
    )
    assert response.context["form"].errors["village"] == [str(MSG_VILLAGE_OUTSIDE_TOWNSHIP)]
    assert not Trainee.objects.filter(name="新学员").exists()


def test_county_staff_cannot_place_a_trainee_in_another_county(world, county_client):
    response = county_client.post(
        reverse("cadets:trainee_create"),
        form_data(world, county=world.county_b.pk, township=world.township_b.pk, village=""),
    )
    assert "county" in response.context["form"].errors
    assert not Trainee.objects.filter(name="新学员").exists()


def test_the_form_speaks_chinese(world, county_client):
    response = county_client.post(reverse("cadets:trainee_create"), form_data(world, name=""))
    assert "这个字段是必填项" in response.content.decode()


def test_a_stale_edit_is_refused_and_keeps_the_newer_version(world, county_client):
    url = reverse("cadets:trainee_update", kwargs={"pk": world.own.pk})
    stale = form_data(
        world,
        name="甲改",
        id_number=world.own.id_number,
        birth_date=str(world.own.birth_date),
        status="training",
        version=1,
    )
    newer = dict(stale, name="乙改")
    assert county_client.post(url, newer).status_code == 302  # version 1 → 2
    response = county_client.post(url, stale)  # still based on version 1
    assert response.status_code == 200
    assert str(MSG_STALE_EDIT) in response.content.decode()
    world.own.refresh_from_db()
    assert world.own.name == "乙改"


def test_status_follows_the_lifecycle(world, county_client):
    world.own.status = Trainee.Status.RESIGNED
    world.own.save()
    url = reverse("cadets:trainee_update", kwargs={"pk": world.own.pk})
    data = form_data(
        world,
        id_number=world.own.id_number,
        birth_date=str(world.own.birth_date),
        status="training",
        version=world.own.version,
    )
    response = county_client.post(url, data)
    assert "status" in response.context["form"].errors
