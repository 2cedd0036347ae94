import re

import pytest

from cadets.idnumber import check_char
from cadets.models import Trainee

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_county_staff_create_a_trainee_after_fixing_a_bad_id(demo, live_server, page, screenshot):
    sign_in(page, live_server, "county")
    page.goto(f"{live_server.url}/trainees/new/")
    page.fill("#id_name", "测试新人")
    page.select_option("#id_sex", "F")
    page.fill("#id_birth_date", "2001-03-09")
    page.fill("#id_id_number", "990000200103090001")  # wrong check digit
    page.fill("#id_phone", "19900002222")
    page.select_option("#id_political_status", "league")
    page.select_option("#id_education", "master")
    page.select_option("#id_degree", "master")
    page.fill("#id_school", "青山大学")
    page.fill("#id_major", "社会学")
    page.select_option("#id_stream", "regular")
    page.select_option("#id_cohort", label="2026届选调生")
    page.fill("#id_reported_on", "2026-08-01")
    page.select_option("#id_county", label="青山市 / 东湖县")
    page.select_option("#id_township", label="东湖县 / 青石镇")
    page.click("#submit-id-save")
    assert "校验位不正确" in page.locator("#error_1_id_id_number").inner_text()
    assert page.locator("[data-testid=form-errors]").is_visible()
    screenshot("trainee-form-error")
    good = "99000020010309000" + check_char("99000020010309000")
    page.fill("#id_id_number", good)
    page.click("#submit-id-save")
    page.wait_for_url(re.compile(r"/trainees/\d+/$"))
    assert "测试新人" in page.locator("[data-testid=trainee-name]").inner_text()
    page.goto(f"{live_server.url}/trainees/?q=测试新人")
    assert page.locator("table a", has_text="测试新人").count() == 1
    screenshot("trainee-list")


def test_a_trainee_typing_another_trainees_url_gets_the_404_page(
    demo, live_server, page, screenshot
):
    other = Trainee.objects.exclude(user__username="trainee").first()
    sign_in(page, live_server, "trainee")
    screenshot("trainee-my-record")
    response = page.goto(f"{live_server.url}/trainees/{other.pk}/")
    assert response.status == 404
    assert "页面不存在" in page.locator("[data-testid=not-found]").inner_text()
    screenshot("not-found")
