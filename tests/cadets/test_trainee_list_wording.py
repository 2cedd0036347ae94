"""The trainee list in Chinese: the sort options say 降序, not "(descending)"; above the county
the township filter follows the chosen county in place (htmx) and says so until one is chosen."""

from __future__ import annotations

from django.urls import reverse

URL = reverse("cadets:trainee_list")


def test_the_sort_options_are_all_in_chinese(world, client):
    client.force_login(world.users["city_staff"])
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "descending" not in body
    assert "姓名（降序）" in body


def test_the_township_filter_follows_the_county_for_city_staff(world, client):
    client.force_login(world.users["city_staff"])
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-hx-select="#id_township"' in body and 'data-hx-trigger="change"' in body
    assert "请先选择县" in body
    # What htmx fetches when a county is chosen: the page whose township select has its towns.
    chosen = client.get(URL, {"county": world.county_a.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert (
        chosen.context["filter"]
        .form.fields["township"]
        .queryset.filter(pk=world.township_a.pk)
        .exists()
    )
    assert world.township_a.name in chosen.content.decode()


def test_county_staff_see_their_townships_without_a_hint(world, client):
    client.force_login(world.users["county_staff"])
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "data-hx-get" not in body and "请先选择县" not in body
