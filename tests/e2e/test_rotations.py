"""A township staff member assigns a rotation, meets the clash message, sees the new bar."""

from __future__ import annotations

import pytest

from cadets.models import Trainee
from rotations.models import Post, Rotation

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_township_staff_assign_a_rotation_and_see_it_on_the_timeline(
    demo, live_server, page, screenshot
):
    # The demo plans two full years for everyone; the days after the training are free.
    trainee = Trainee.objects.filter(township__code="D0101", cohort__year=2025).first()
    office = Post.objects.get(township=trainee.township, name="党政综合办公室")
    other = Post.objects.get(township=trainee.township, name="乡村振兴办公室")
    sign_in(page, live_server, "township")

    page.goto(f"{live_server.url}/trainees/{trainee.pk}/")
    # Rotations are on the record's "training and practice" section (cadets/panels.py).
    with page.expect_navigation():
        page.click("[data-testid=section-training]")
    assert page.locator("[data-testid=section-training]").get_attribute("aria-current") == "page"
    page.click("text=安排岗位")
    page.select_option("select[name=post]", str(office.pk))
    page.fill("input[name=starts_on]", "2027-08-01")
    page.fill("input[name=ends_on]", "2027-10-31")
    page.fill("input[name=reason]", "期满后延续锻炼")
    with page.expect_navigation():
        page.click("input[type=submit][name=save]")
    assert "/rotations/trainee/" in page.url
    assert "已安排" in page.locator(".alert").first.inner_text()
    screenshot("rotation-assigned")

    page.goto(f"{live_server.url}/rotations/trainee/{trainee.pk}/assign/")
    page.select_option("select[name=post]", str(other.pk))
    page.fill("input[name=starts_on]", "2027-09-01")
    page.fill("input[name=ends_on]", "2027-12-31")
    page.fill("input[name=reason]", "重叠测试")
    with page.expect_navigation():
        page.click("input[type=submit][name=save]")
    errors = page.locator("form .alert-danger").inner_text()
    assert "党政综合办公室" in errors and "同一时间不能在两个岗位" in errors
    assert Rotation.objects.filter(trainee=trainee, starts_on__year=2027, post=other).count() == 0
    screenshot("rotation-clash")

    page.goto(f"{live_server.url}/rotations/timeline/")
    row = page.locator(f"[data-testid=timeline-row][data-trainee='{trainee.pk}']")
    titles = row.locator("rect[data-testid=bar] title").all_text_contents()
    assert any("党政综合办公室" in t and "2027-08-01" in t for t in titles)
    assert page.locator("line.today").count() > 0
    screenshot("rotation-timeline")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot("rotation-timeline-phone")
