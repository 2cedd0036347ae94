"""Township staff run the rotation planner for their 2026 trainees, watch the progress bar, see
the proposal on the timeline, accept it, and the trainees' coverage turns complete.

The demo plans two full years for everyone, so the test first clears the rotations of the
township's 2026 cohort. The Celery task runs in a thread of the test process (the live server
and the browser keep going), exactly as a worker would run it."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from cadets.models import Trainee
from rotations import planner_runs
from rotations.models import PlannerRun, Rotation
from rotations.selectors import coverage_of, rule_set

from .conftest import sign_in

pytestmark = pytest.mark.e2e

DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "planner.png"


@pytest.fixture
def worker(monkeypatch):
    """`planner_run.delay(id)` runs the task's body in a thread, with a generous time limit."""
    from rotations import tasks

    threads: list[threading.Thread] = []

    def run(run_id: int) -> None:
        time.sleep(1.5)  # long enough for the page to show the run queued, with its bar
        try:
            planner_runs.run_execute(run_id=run_id, time_limit_s=60)
        finally:
            connection.close()

    def delay(run_id: int) -> None:
        thread = threading.Thread(target=run, args=(run_id,), daemon=True)
        threads.append(thread)
        thread.start()

    monkeypatch.setattr(tasks.planner_run, "delay", delay)
    yield
    for thread in threads:
        thread.join(timeout=120)


def test_township_staff_plan_accept_and_complete_the_coverage_of_their_trainees(
    demo, worker, live_server, page, screenshot
):
    trainees = list(Trainee.objects.filter(township__code="D0101", cohort__year=2026))
    assert trainees
    Rotation.objects.filter(trainee__in=trainees).delete()
    sign_in(page, live_server, "township")

    page.goto(f"{live_server.url}/rotations/planner/")
    page.select_option("select[name=cohort]", label="2026届选调生")
    page.fill("input[name=horizon_start]", "2026-08")
    page.fill("input[name=horizon_months]", "24")
    with page.expect_navigation():
        page.click("input[type=submit][name=run]")
    assert "/rotations/planner/" in page.url
    bar = page.locator("[data-testid=planner-progress] .progress-bar")
    assert bar.count() == 1
    screenshot("planner-progress")

    # htmx polls the bar every second and reloads the page once the run is done.
    page.wait_for_selector("[data-testid=planner-changes]", timeout=120_000)
    run = PlannerRun.objects.get()
    assert run.status in ("optimal", "feasible"), run.explanation
    assert sorted(run.trainee_ids) == sorted(t.pk for t in trainees)
    print(f"demo township solve: {run.status} in {run.wall_time_s:.2f} s")  # noqa: T201
    assert page.locator("rect[data-testid=proposed-bar]").count() == len(run.proposals)
    summary = page.locator("[data-testid=planner-coverage-summary]")
    assert summary.get_attribute("data-complete") == str(len(trainees))
    path = screenshot("planner")
    DOCS_SHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, DOCS_SHOT)

    page.click("[data-testid=accept]")
    with page.expect_navigation():
        page.click("[data-testid=confirm-accept]")
    assert "已接受" in page.locator(".alert").first.inner_text()
    screenshot("planner-accepted")

    run.refresh_from_db()
    assert run.status == PlannerRun.Status.ACCEPTED
    assert Rotation.objects.filter(trainee__in=trainees).count() == len(run.proposals)
    rules = rule_set()
    for trainee in trainees:
        rotations = list(trainee.rotations.select_related("post__category"))
        assert not coverage_of(trainee, rotations, rules, run.created_at.date()).missing
        page.goto(f"{live_server.url}/rotations/trainee/{trainee.pk}/")
        assert page.locator("[data-testid=coverage] .coverage-missing").count() == 0
        assert page.locator("[data-testid=coverage] .badge").count() == len(rules.required)
