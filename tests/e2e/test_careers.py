"""Matching trainees to posts in a browser, on the demo city: a city officer describes a
乡镇副职 post, gets the ranked and explained list, and saves a shortlist."""

import pytest

from cadets.models import Trainee
from careers.models import Shortlist, Transfer
from rotations.models import PostCategory

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_a_city_officer_finds_trainees_for_a_post_and_saves_a_shortlist(
    demo, live_server, page, screenshot
):
    sign_in(page, live_server, "city")
    page.click("[data-testid=nav-group-evaluation]")
    page.click("[data-testid=nav-matching]")
    page.click("[data-testid=profile-new]")
    page.fill("input[name=name]", "乡镇副职（党建方向）")
    page.select_option("select[name=scope]", "all")
    category = PostCategory.objects.get(name="乡村振兴")
    page.check(f"input[name=categories][value='{category.pk}']")
    page.check(f"input[name=political_statuses][value='{Trainee.PoliticalStatus.PARTY_MEMBER}']")
    page.fill("input[name=age_max]", "35")
    with page.expect_navigation():
        page.click("main form input[type=submit]")
    assert "乡镇副职（党建方向）" in page.locator("[data-testid=profile-name]").inner_text()
    candidates = page.locator("[data-testid=candidate]")
    if candidates.count() < 2:  # few meet everything: look at everyone, with what they lack
        page.click("[data-testid=show-all]")
    first = candidates.first.inner_text()
    assert "乡村振兴" in first and "中共党员" in first
    screenshot("careers-matching")
    names = [candidates.nth(i).locator("label").inner_text() for i in range(2)]
    for i in range(2):
        candidates.nth(i).locator("input[type=checkbox]").check()
    page.fill("input[name=note]", "党委会前初步人选")
    with page.expect_navigation():
        page.click("[data-testid=save-shortlist]")
    assert "人选名单已保存" in page.locator(".alert").first.inner_text()
    entries = page.locator("[data-testid=entries]").inner_text()
    assert all(name in entries for name in names)
    screenshot("careers-shortlist")
    shortlist = Shortlist.objects.get(note="党委会前初步人选")
    assert [e.trainee.name for e in shortlist.entries.order_by("position")] == names


def test_a_city_officer_approves_a_transfer_and_sees_a_cohorts_retention(
    demo, live_server, page, screenshot
):
    transfer = Transfer.objects.get(status=Transfer.Status.PENDING, kind=Transfer.Kind.EXCHANGE)
    sign_in(page, live_server, "city")
    page.goto(f"{live_server.url}/careers/transfers/?status=pending")
    page.click(f"text={transfer.trainee.name}")
    page.check("input[name=decision][value=approve]")
    screenshot("careers-transfer")
    with page.expect_navigation():
        page.click("[data-testid=decide] button[type=submit]")
    assert "已批准" in page.locator("[data-testid=transfer-status]").inner_text()
    trainee = Trainee.objects.get(pk=transfer.trainee_id)
    assert trainee.township_id == transfer.to_unit_id
    page.goto(f"{live_server.url}/careers/analysis/?cohort=2023")
    curve = page.locator("[data-testid=curve]").inner_text()
    assert "2023" in curve and "%" in curve
    screenshot("careers-analysis")
