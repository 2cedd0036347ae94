"""On a phone: township staff fill in and submit this month's attendance sheet."""

import pytest
from django.utils import timezone

from .conftest import sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_township_staff_fill_and_submit_a_months_sheet_on_a_phone(
    demo, live_server, page, screenshot
):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "township")
    month = f"{timezone.localdate():%Y-%m}"
    page.goto(f"{live_server.url}/attendance/?month={month}")
    with page.expect_navigation():
        page.locator("[data-testid=start-sheet]").first.click()
    assert "/fill/" in page.url
    first = page.locator("[data-testid=entry]").first
    name = first.locator("legend").inner_text().split("·")[0].strip()
    first.locator("input[name$=absent_days]").fill("1")
    first.locator("input[name$=late_count]").fill("2")
    first.locator("input[name$=remark]").fill("一天未请假未到岗")
    present = first.locator("input[name$=present_days]")
    present.fill(str(int(present.input_value()) - 1))
    # The page fits a phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("attendance-sheet-phone")
    with page.expect_navigation():
        page.click("[data-testid=submit-sheet]")
    assert page.locator("[data-testid=sheet-status]").inner_text().startswith("已提交")
    row = page.locator("[data-testid=sheet-entries] tr").filter(has_text=name)
    assert "一天未请假未到岗" in row.inner_text()
    assert row.get_attribute("class") == "table-warning"  # any 旷工 is flagged
    screenshot("attendance-sheet-submitted-phone")
