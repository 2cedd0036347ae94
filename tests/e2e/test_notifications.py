import pytest

from notifications.models import Notification

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_the_demo_township_sees_its_reminders_behind_the_bell(demo, live_server, page, screenshot):
    sign_in(page, live_server, "township")
    bell = page.get_by_test_id("notification-bell")
    unread = Notification.objects.filter(recipient__username="township", read_at__isnull=True)
    assert unread.count() >= 4
    assert page.get_by_test_id("unread-count").inner_text().startswith(str(unread.count()))
    bell.click()
    page.wait_for_load_state("networkidle")
    text = page.get_by_test_id("notifications").inner_text()
    assert "试用期" in text and "基层锻炼" in text
    assert "尚未安排下一岗位" in text and "待您审批" in text  # a rotation ending, leave to approve
    screenshot("notifications-township")
    page.get_by_test_id("mark-all-read").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("unread-count").count() == 0
