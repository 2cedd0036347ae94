"""`manage.py bench` runs end to end on the demo city and a tiny province and prints every
figure — each page on both, with the admin beside the lists, the sweep, the hooks of later
issues and the mixed load under gunicorn — so that it cannot rot. The targets themselves are
the benchmark's business, not the tests'."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from bench.pages import PAGES
from bench.province import TINY, seed_province
from cadets.models import Trainee


@pytest.mark.django_db(transaction=True)
def test_the_bench_prints_every_figure(demo_city, tmp_path):
    seed_province(TINY, log=lambda line: None)
    trainees = Trainee.objects.count()
    out = io.StringIO()
    output = tmp_path / "benchmarks.md"
    call_command(
        "bench",
        repeats=2,
        warmup=0,
        load_seconds=3,
        connections=2,
        roster_rows=20,  # the real importer, on a small generated roster
        planner_quick=True,  # the real planner, on small instances
        output=str(output),
        stdout=out,
    )
    text = out.getvalue()
    for page in PAGES:
        assert f"| {page.label} |" in text
    for figure in (
        "| Trainee list | county staff |",
        "| Dashboard | city staff |",
        # Two roles (demo city staff, province staff): no growth figure, its check n/a.
        "| Dashboard of the whole city / province | city / province staff |",
        "Reminder sweep, nothing new due",
        "items due",
        "20 rows validated in",
        "(all-or-nothing, rolled back)",
        "20 × 24 × 30: first complete plan in",
        "0 rule violations",
        "demo-size cohort (6 × 24 × 144) optimal in",
        "Mixed load, 2 connections",
    ):
        assert figure in text
    assert " 0 errors" in text, text
    whole = next(line for line in text.splitlines() if line.startswith("| Dashboard of the whole"))
    cells = [cell.strip() for cell in whole.split("|")]
    assert (cells[5], cells[9]) == ("—", "n/a")  # growth, and its check
    assert Trainee.objects.count() == trainees  # the import was rolled back
    assert output.read_text(encoding="utf-8").startswith("# Benchmarks")


@pytest.mark.django_db(transaction=True)
def test_the_bench_measures_only_the_pages_asked_for(demo_city, tmp_path):
    """`--pages` (for working on one page) prints those pages and writes no file."""
    seed_province(TINY, log=lambda line: None)
    out = io.StringIO()
    output = tmp_path / "benchmarks.md"
    call_command(
        "bench", repeats=2, warmup=0, pages="mentor-home,trainees", output=str(output), stdout=out
    )
    text = out.getvalue()
    shown = [page.label for page in PAGES if f"| {page.label} |" in text]
    assert shown == ["Trainee list", "Mentor home"]
    assert "Reminder sweep" not in text
    assert not output.exists()
