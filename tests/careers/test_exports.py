"""The shortlist and the analysis as .xlsx (office.exports): masked, within the scope."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.leak_detector import ID_LIKE, PHONE_LIKE, xlsx_text

from .builders import careers_world
from .test_analysis import _cohort_2022


def _rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_shortlist_exports_with_id_and_phone_masked(world, login):
    shortlist = careers_world(world)["shortlist_own"]
    response = login(world.users["county_staff"]).get(
        reverse("office:export", args=["shortlist"]), {"shortlist": shortlist.pk}
    )
    assert response.status_code == 200
    text = xlsx_text(response.content)
    assert not ID_LIKE.findall(text) and not PHONE_LIKE.findall(text)
    rows = _rows(response.content)
    assert rows[1][2] == world.own.name and rows[1][4] == world.own.masked_id_number


def test_a_shortlist_out_of_scope_does_not_export(world, login):
    shortlist = careers_world(world)["shortlist_other"]
    response = login(world.users["county_staff"]).get(
        reverse("office:export", args=["shortlist"]), {"shortlist": shortlist.pk}
    )
    assert response.status_code == 404


def test_the_retention_exports_each_cohort_year_by_year(world, login):
    _cohort_2022(world)
    response = login(world.users["city_staff"]).get(reverse("office:export", args=["retention"]))
    rows = _rows(response.content)
    assert rows[0][0] == "录用批次"
    assert ["2022届", 2, 2024, 6, 4, 2, 1, 1, 66.7, 33.3] in rows
