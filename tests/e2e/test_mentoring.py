"""On a phone: a mentor records this month's talk; a trainee asks for leave and the receiving
unit approves it."""

import datetime as dt

import pytest
from django.utils import timezone

from .conftest import sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_a_mentor_records_this_months_talk_on_a_phone(demo, live_server, phone, screenshot):
    page = phone
    sign_in(page, live_server, "mentor")
    assert "/mentoring/" in page.url
    row = (
        page.locator("[data-testid^=mentee-]")
        .filter(has=page.locator("[data-testid=status]", has_text="逾期"))
        .or_(
            page.locator("[data-testid^=mentee-]").filter(
                has=page.locator("[data-testid=status]", has_text="待填写")
            )
        )
        .first
    )
    name = row.locator("a").first.inner_text()
    screenshot("mentor-home-phone")
    row.locator("[data-testid=open-feedback]").click()
    page.wait_for_load_state()
    page.fill("input[name=talk_on]", timezone.localdate().isoformat())
    page.check("input[name=talk_form][value=face]")
    page.fill("textarea[name=thinking]", "坚定理想信念，学习党的创新理论")
    page.fill("textarea[name=work]", "指导其牵头推进人居环境整治")
    page.fill("textarea[name=conduct]", "走村入户，作风扎实")
    page.fill("textarea[name=life]", "协调解决冬季取暖问题")
    screenshot("mentor-feedback-form-phone")
    with page.expect_navigation():
        page.click("[data-testid=submit]")
    assert "/mentoring/" in page.url
    done = page.locator("[data-testid^=mentee-]").filter(has_text=name).first
    assert done.locator("[data-testid=status]").inner_text() == "已完成"
    screenshot("mentor-home-done-phone")


def test_a_trainee_asks_for_leave_and_the_township_approves(demo, live_server, phone, screenshot):
    page = phone
    sign_in(page, live_server, "trainee")
    # 我的 opens on its overview; leave is on the daily-management section, a tab away.
    with page.expect_navigation():
        page.click("[data-testid=section-daily]")
    page.click("[data-testid=ask-leave]")
    first = timezone.localdate() + dt.timedelta(days=60)
    page.select_option("select[name=kind]", "personal")
    page.fill("input[name=starts_on]", first.isoformat())
    page.fill("input[name=ends_on]", first.isoformat())
    page.fill("textarea[name=reason]", "回老家办理户籍事务")
    screenshot("trainee-leave-form-phone")
    with page.expect_navigation():
        page.click("[data-testid=submit]")
    assert page.locator("[data-testid=leave-status]").inner_text() == "待审批"
    leave_url = page.url

    page.context.clear_cookies()
    sign_in(page, live_server, "township")
    page.goto(f"{live_server.url}/trainees/leave/")
    with page.expect_navigation():
        page.locator("[data-testid=waiting] a", has_text=first.isoformat()).first.click()
    assert page.url == leave_url
    page.fill("#id_comment", "同意，注意安全")
    with page.expect_navigation():
        page.click("[data-testid=approve]")
    assert page.locator("[data-testid=leave-status]").inner_text() == "已批准"
    screenshot("township-leave-approved-phone")
