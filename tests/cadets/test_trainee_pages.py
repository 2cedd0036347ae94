"""The trainee list and detail pages: filters, masking, history and a pinned query count."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadets.models import Trainee
from tests.factories import TraineeFactory

FULL_ID = re.compile(r"\d{17}[\dX]")


def test_the_list_filters_by_county_and_searches_by_name(world, login):
    client = login(world.users["city_staff"])
    response = client.get(reverse("cadets:trainee_list"), {"county": world.county_b.pk})
    assert [t.name for t in response.context["page"]] == ["他人"]
    response = client.get(reverse("cadets:trainee_list"), {"q": "本"})
    assert [t.name for t in response.context["page"]] == ["本人"]


def test_the_search_finds_a_name_by_its_start_or_any_part_of_it(world, login):
    TraineeFactory(name="欧阳明远", township=world.township_a)
    TraineeFactory(name="明远", township=world.township_a)
    client = login(world.users["city_staff"])
    for text, expected in [("明远", ["明远", "欧阳明远"]), (" 欧阳 ", ["欧阳明远"]), ("远", None)]:
        response = client.get(reverse("cadets:trainee_list"), {"q": text})
        names = [t.name for t in response.context["page"]]
        assert names == (expected or sorted(names)) and names
        assert response.context["page"].paginator.count == len(names)


def test_a_two_character_search_finds_the_pair_anywhere_and_nothing_else(world, login):
    """Two characters go through the bigram index on PostgreSQL (cadets 0009): the pair at
    the start, in the middle and at the end of a name, once or twice, and never the two
    characters apart or reversed."""
    for name in ["明远", "明远航", "欧阳明远", "李明远明远", "明航远", "远明", "明", "王明远l"]:
        TraineeFactory(name=name, township=world.township_a)
    client = login(world.users["city_staff"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cadets:trainee_list"), {"q": "明远"})
    assert sorted(t.name for t in response.context["page"]) == sorted(
        ["明远", "明远航", "欧阳明远", "李明远明远", "王明远l"]
    )
    if connection.vendor == "postgresql":
        assert any("xd_bigrams" in (q["sql"] or "") for q in queries.captured_queries)
    others = [("远明", ["李明远明远", "远明"]), ("远l", ["王明远l"]), ("l", ["王明远l"])]
    for text, expected in others:
        response = client.get(reverse("cadets:trainee_list"), {"q": text})
        assert sorted(t.name for t in response.context["page"]) == expected, text


def test_the_list_shows_only_the_scope(world, login):
    response = login(world.users["unit_staff"]).get(reverse("cadets:trainee_list"))
    assert [t.name for t in response.context["page"]] == ["本人"]


def test_the_list_paginates(world, login):
    TraineeFactory.create_batch(30, township=world.township_a)
    client = login(world.users["city_staff"])
    first = client.get(reverse("cadets:trainee_list"))
    second = client.get(reverse("cadets:trainee_list"), {"page": 2})
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 7


def test_an_empty_list_says_what_to_do(world, login):
    Trainee.objects.all().delete()
    response = login(world.users["county_staff"]).get(reverse("cadets:trainee_list"))
    assert reverse("cadets:trainee_create") in response.content.decode()


@pytest.mark.parametrize("extra_rows", [0, 40])
def test_the_list_query_count_does_not_grow_with_rows(
    world, login, django_assert_num_queries, extra_rows
):
    TraineeFactory.create_batch(extra_rows, township=world.township_a)
    client = login(world.users["city_staff"])
    # the user with their unit and the bell's unread count (1, accounts.backends; the session
    # is read from Redis), the list's count and the page's rows with cohort, county and
    # township joined (2, Paginator), the filter's cohorts and counties (2; above the county
    # level townships are offered once a county is chosen) = 5.
    with django_assert_num_queries(5):
        client.get(reverse("cadets:trainee_list"))


def test_id_and_phone_are_masked_without_the_permission(world, login):
    client = login(world.users["county_staff"])
    for url in [
        reverse("cadets:trainee_list"),
        reverse("cadets:trainee_detail", args=[world.own.pk]),
    ]:
        html = client.get(url).content.decode()
        assert world.own.id_number not in html
        assert world.own.masked_id_number in html
    assert world.own.phone not in html


def test_the_reveal_permission_alone_still_shows_masked_numbers_with_a_reveal_link(world, login):
    user = world.users["city_staff"]
    user.user_permissions.add(Permission.objects.get(codename="reveal_sensitive"))
    html = login(user).get(reverse("cadets:trainee_detail", args=[world.own.pk])).content.decode()
    assert world.own.id_number not in html
    assert reverse("cadets:trainee_reveal", args=[world.own.pk, "id_number"]) in html


def test_the_detail_page_shows_who_changed_what(world, login, client):
    client = login(world.users["county_staff"])
    trainee = world.own
    trainee.major = "法学"
    trainee._history_user = world.users["county_staff"]
    trainee.save()
    html = client.get(reverse("cadets:trainee_detail", args=[trainee.pk])).content.decode()
    assert "专业" in html and "法学" in html and str(world.users["county_staff"]) in html


def test_history_masks_a_changed_id_number(world, login):
    trainee = world.own
    trainee.phone = "19912345678"
    trainee.save()
    html = (
        login(world.users["county_staff"])
        .get(reverse("cadets:trainee_detail", args=[trainee.pk]))
        .content.decode()
    )
    assert "19912345678" not in html
    assert "199****5678" in html


def test_a_trainee_sees_their_own_record_on_my_page(world, login):
    response = login(world.users["trainee"]).get(reverse("cadets:me"))
    assert response.context["trainee"] == world.own
    assert not FULL_ID.search(response.content.decode())


def test_each_viewer_is_offered_and_may_choose_only_their_scopes_counties(world, login, client):
    # The filter's form class is built once for everyone: the counties are the viewer's own.
    url = reverse("cadets:trainee_list")
    for role, offered in [
        ("city_staff", {world.county_a.pk, world.county_b.pk}),
        ("county_staff", {world.county_a.pk}),
        ("city_staff", {world.county_a.pk, world.county_b.pk}),
    ]:
        client.force_login(world.users[role])
        response = client.get(url, {"county": world.county_b.pk})
        form = response.context["filter"].form
        choices = {unit.pk for unit in form.fields["county"].queryset}
        assert choices == offered, role
        assert ("county" in form.errors) is (world.county_b.pk not in offered), role
        names = {t.name for t in response.context["page"]}
        assert names == ({"他人"} if world.county_b.pk in offered else {"本人"}), role
