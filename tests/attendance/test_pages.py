"""The attendance pages as the city officer and the township staff see them: the month across
townships, the dashboard's rates, the trainee page and the growth file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from attendance import services
from attendance.selectors import last_month, rates_by_area
from tests.factories import OrgUnitFactory, TraineeFactory

from .builders import MONTH, sheet_of


def _submitted_with_absence(world):
    sheet = sheet_of(world)
    entry = sheet.entries.get(trainee=world.own)
    services.sheet_fill(
        actor=world.users["unit_staff"],
        sheet=sheet,
        required_days=20,
        entries={entry.pk: {"present_days": 18, "absent_days": 2, "remark": "无故未到岗"}},
    )
    return services.sheet_submit(actor=world.users["unit_staff"], sheet=sheet)


def test_the_city_officer_sees_the_month_of_every_township(world, login):
    _submitted_with_absence(world)
    page = (
        login(world.users["city_staff"])
        .get(reverse("attendance:overview"), {"month": f"{MONTH:%Y-%m}"})
        .content.decode()
    )
    assert world.township_a.name in page and world.township_b.name in page
    assert "90.0%" in page  # 18 of 20 days
    # Township B has not started: the officer sees that too.
    county = login(world.users["county_staff"]).get(
        reverse("attendance:overview"), {"month": f"{MONTH:%Y-%m}", "state": "submitted"}
    )
    assert world.township_b.name not in county.content.decode()


def test_the_overview_shows_last_month_by_default(world, login):
    response = login(world.users["unit_staff"]).get(reverse("attendance:overview"))
    assert response.context["month"] == last_month(dt.date.today())
    assert 'data-testid="start-sheet"' in response.content.decode()


# The overview's queries, whatever the number of townships: the user with their unit (1,
# accounts.backends), the user's Django permissions (2, the user's and their groups': "may
# fill sheets?" is refused by the rules and then asked of the model backend), the townships
# counted for the paginator (1), the page's townships with their sheets, rates and flags as
# subquery columns (1), and the county choices of the filter (1).
OVERVIEW_QUERIES = 6


@pytest.mark.parametrize("extra", [0, 12])
def test_the_overview_query_count_does_not_grow_with_townships(
    extra, world, login, django_assert_num_queries
):
    _submitted_with_absence(world)
    for n in range(extra):
        township = OrgUnitFactory(name=f"新镇{n}", kind="township", parent=world.county_a)
        TraineeFactory(township=township)
    client = login(world.users["city_staff"])
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get(reverse("attendance:overview"), {"month": f"{MONTH:%Y-%m}"})


def test_the_dashboard_shows_rates_by_county_and_township(world, login):
    _submitted_with_absence(world)
    rates = rates_by_area(world.users["city_staff"], MONTH)
    assert [(r.county, str(r.rate), r.flagged) for r in rates["counties"]] == [
        (world.county_a.name, "90.0", 1)
    ]
    assert [r.township for r in rates["townships"]] == [world.township_a.name]
    assert rates_by_area(world.users["unit_staff"], MONTH)["townships"]
    # The county of township B sees nothing of township A.
    other_county = world.users["county_staff"].__class__(
        role="county_staff", org_unit=world.county_b
    )
    assert rates_by_area(other_county, MONTH)["townships"] == []


def test_the_dashboard_includes_last_months_attendance(world, login):
    page = login(world.users["city_staff"]).get(reverse("office:dashboard")).content.decode()
    assert 'data-testid="attendance-rates"' in page


def test_flags_appear_on_the_trainee_page_and_in_the_growth_file(world, login):
    _submitted_with_absence(world)
    client = login(world.users["city_staff"])
    daily = reverse("cadets:trainee_section", args=[world.own.pk, "daily"])
    page = client.get(daily).content.decode()
    assert 'data-testid="attendance-panel"' in page and "table-warning" in page
    growth = client.get(reverse("office:growth_file", args=[world.own.pk])).content.decode()
    assert "2026-10" in growth and "无故未到岗" in growth and "⚠" in growth


def test_the_growth_file_pdf_holds_the_attendance(world, login):
    _submitted_with_absence(world)
    response = login(world.users["city_staff"]).get(
        reverse("office:growth_file_pdf", args=[world.own.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_township_staff_fill_and_submit_on_the_page(world, login):
    client = login(world.users["unit_staff"])
    response = client.post(
        reverse("attendance:sheet_start"),
        {"township": world.township_a.pk, "month": f"{MONTH:%Y-%m}"},
    )
    sheet = world.township_a.attendance_sheets.get()
    assert response["Location"] == reverse("attendance:sheet_edit", args=[sheet.pk])
    entry = sheet.entries.get()
    response = client.post(
        reverse("attendance:sheet_edit", args=[sheet.pk]),
        {
            "required_days": "22",
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(entry.pk),
            "form-0-present_days": "20",
            "form-0-official_days": "2",
            "form-0-absent_days": "0",
            "form-0-late_count": "1",
            "form-0-remark": "",
            "submit": "",
        },
    )
    assert response["Location"] == reverse("attendance:sheet_detail", args=[sheet.pk])
    sheet.refresh_from_db()
    assert (sheet.status, sheet.required_days, sheet.submitted_by) == (
        "submitted",
        22,
        world.users["unit_staff"],
    )


def test_the_dashboard_lists_the_townships_of_the_lowest_rate_only(demo_city, client, monkeypatch):
    """A province has some fifteen hundred townships: the card lists the few of the lowest
    attendance rate and says of how many; the overview has them all."""
    from accounts.models import User
    from attendance import selectors

    city = User.objects.get(username="city")
    month = last_month(dt.date.today())
    every = selectors.rates_by_area(city, month)
    assert len(every["townships"]) == every["township_count"] > 3
    monkeypatch.setattr(selectors, "TOWNSHIPS_SHOWN", 3)
    lowest = selectors.rates_by_area(city, month)
    rates = sorted(r.rate for r in every["townships"] if r.rate is not None)
    assert [r.rate for r in lowest["townships"]] == rates[:3]
    assert lowest["township_count"] == every["township_count"]
    assert lowest["counties"] == every["counties"]
    client.force_login(city)
    page = client.get(reverse("office:dashboard")).content.decode()
    assert 'data-testid="attendance-lowest"' in page
