"""City staff import a cohort roster: a row with an error, the report, the corrected file, the
import, and the new trainees in the list. Then the dashboard, screenshotted for the README."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cadets.models import Trainee
from tests.office.builders import trainee_row, xlsx_bytes

from .conftest import sign_in

pytestmark = pytest.mark.e2e
README_SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "dashboard.png"
DEMO_PLACE = {
    "派驻县（市、区）": "东湖县",
    "派驻乡镇（街道）": "青石镇",
    "派驻村（社区）": "前进村",
}


def _roster(tmp_path: Path, name: str, rows: list[dict]) -> str:
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows))
    return str(path)


def test_staff_import_a_roster_after_correcting_an_error(
    demo, live_server, page, screenshot, tmp_path
):
    rows = [trainee_row(n, 姓名=f"新录学员{n}", **DEMO_PLACE) for n in range(1, 4)]
    broken = [dict(row) for row in rows]
    broken[1]["报到日期"] = "2026-02-30"
    sign_in(page, live_server, "city")

    page.click("[data-testid=nav-group-settings]")
    page.click("[data-testid=nav-import-trainees]")
    page.set_input_files("input[name=file]", _roster(tmp_path, "花名册.xlsx", broken))
    with page.expect_navigation():
        page.click("[data-testid=upload]")
    errors = page.locator("[data-testid=errors]").inner_text()
    assert "3" in errors and "报到日期" in errors and "不是有效日期" in errors
    assert page.locator("[data-testid=job-status]").inner_text() == "有错误"
    screenshot("import-report")
    assert not Trainee.objects.filter(name__startswith="新录学员").exists()

    page.click("[data-testid=upload-again]")
    page.set_input_files("input[name=file]", _roster(tmp_path, "花名册（修改）.xlsx", rows))
    with page.expect_navigation():
        page.click("[data-testid=upload]")
    assert "全部 3 行校验无误" in page.locator("[data-testid=ready]").inner_text()
    with page.expect_navigation():
        page.click("[data-testid=import]")
    assert "已新建 3 条记录" in page.locator("[data-testid=done]").inner_text()
    assert page.locator("[data-testid=created] tbody tr").count() == 3

    page.click("[data-testid=to-list]")
    page.fill("input[name=q]", "新录学员")
    with page.expect_navigation():
        page.click("[data-testid=trainee-filter] button[type=submit]")
    listed = page.locator("main table").inner_text()
    assert all(f"新录学员{n}" in listed for n in range(1, 4))
    assert Trainee.objects.filter(name__startswith="新录学员").count() == 3


def test_the_dashboard_of_the_demo_city(demo, live_server, page, screenshot):
    sign_in(page, live_server, "city")  # staff land on their dashboard
    page.wait_for_selector("[data-testid=by-area]")
    page.wait_for_selector("[data-testid=due]")  # loaded after the page (office:dashboard_due)
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length > 0")
    page.wait_for_timeout(300)  # charts draw without animation; let the last one paint
    assert page.locator("[data-testid=total]").inner_text() == str(Trainee.objects.count())
    path = screenshot("dashboard")
    README_SHOT.parent.mkdir(exist_ok=True)
    shutil.copyfile(path, README_SHOT)
