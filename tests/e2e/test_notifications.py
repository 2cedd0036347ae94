import pytest

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_the_demo_township_sees_its_reminders_behind_the_bell(demo, live_server, page, screenshot):
    sign_in(page, live_server, "township")
    bell = page.get_by_test_id("notification-bell")
    assert page.get_by_test_id("unread-count").inner_text().startswith("2")
    bell.click()
    page.wait_for_load_state("networkidle")
    items = page.get_by_test_id("notifications")
    assert "试用期" in items.inner_text() and "基层锻炼" in items.inner_text()
    screenshot("notifications-township")
    page.get_by_test_id("mark-all-read").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("unread-count").count() == 0
