import pytest

from accounts.demo import DEMO_LOGINS

from .conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("username", [username for username, _ in DEMO_LOGINS])
def test_each_demo_role_signs_in_and_sees_its_home_in_chinese(
    username, demo, live_server, page, screenshot
):
    sign_in(page, live_server, username)
    page.wait_for_load_state("networkidle")
    assert "/login/" not in page.url
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    # The brand in the navigation is the Chinese product name on every home page.
    assert "选调生" in page.locator(".navbar-brand").inner_text()
    screenshot(f"home-{username}")
