"""The assessment process in a browser, on the demo city: a mentor rates, staff confirm grades
up to the 优秀 quota and see the refusal beyond it, the trainee acknowledges a result."""

import pytest

from assessments.models import Assessment, Grade
from assessments.scoring import excellent_quota

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_a_mentor_rates_a_mentee(demo, live_server, page, screenshot):
    sign_in(page, live_server, "mentor")
    page.goto(f"{live_server.url}/assessments/mine/")
    trainee = Assessment.objects.get(
        cycle__name="2026年度考核（东湖县）", trainee__user__username="trainee"
    ).trainee
    page.click(f"[data-testid='rate-{trainee.name}']")
    for code, value in zip(
        ["de", "neng", "qin", "ji", "lian"], ["92", "88", "90", "86", "95"], strict=True
    ):
        page.fill(f"input[name=score_{code}]", value)
    page.fill("textarea[name=comment]", "扎根基层，主动担当，包村工作成效明显。")
    screenshot("assessments-mentor-rating")
    with page.expect_navigation():
        page.click("main form input[type=submit]")
    assert "/assessments/mine/" in page.url
    assert "评分已提交" in page.locator(".alert").first.inner_text()
    screenshot("assessments-mentor-submitted")


def test_staff_confirm_grades_up_to_the_quota(demo, live_server, page, screenshot):
    sign_in(page, live_server, "county")
    page.click("[data-testid=nav-group-evaluation]")
    page.click("[data-testid=nav-cycles]")
    page.click("text=2026年度考核（东湖县）")
    cycle = Assessment.objects.filter(cycle__name="2026年度考核（东湖县）").first().cycle
    n = cycle.assessments.count()
    allowed = excellent_quota(n, cycle.excellent_quota)
    taken = cycle.assessments.filter(grade=Grade.EXCELLENT).count()
    assert taken < allowed
    # Rows with a live score and no grade yet, enough to go one past the quota.
    rows = page.locator("[data-testid=results] tbody tr")
    candidates = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        if cells.nth(5).inner_text().strip() == "—" and cells.nth(3).inner_text()[0].isdigit():
            candidates.append(rows.nth(i).get_attribute("data-testid"))
    for testid in candidates[: allowed - taken + 1]:
        row = page.locator(f"[data-testid='{testid}']")
        row.locator("select[name$=-grade]").select_option("excellent")
        with page.expect_navigation():
            row.locator("[data-testid=confirm]").click()
    refusal = page.locator(".alert-danger").inner_text()
    assert "优秀" in refusal and f"{n}" in refusal and f"{allowed}" in refusal
    screenshot("assessments-quota-refused")
    assert cycle.assessments.filter(grade=Grade.EXCELLENT).count() == allowed


def test_the_trainee_acknowledges_the_result(demo, live_server, page, screenshot):
    sign_in(page, live_server, "trainee")
    page.click("[data-testid=nav-group-evaluation]")
    page.click("[data-testid=nav-assessments]")
    assessment = Assessment.objects.get(trainee__user__username="trainee", cycle__status="notice")
    page.click(f"[data-testid=result-{assessment.cycle_id}]")
    assert page.locator("[data-testid=grade]").inner_text() == assessment.get_grade_display()
    screenshot("assessments-trainee-result")
    with page.expect_navigation():
        page.click("[data-testid=acknowledge]")
    assert page.locator("[data-testid=acknowledged]").is_visible()
    assessment.refresh_from_db()
    assert assessment.acknowledged_at is not None
    screenshot("assessments-trainee-acknowledged")
