"""The talent pool's rows, written in Python (assessments/templatetags/talent_rows.py), are the
markup the page's template wrote for them."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone, translation

from assessments.models import Assessment, AssessmentCycle, Grade, Outcome
from assessments.services import cycle_create
from tests.factories import TraineeFactory

# The rows as the page's template wrote them before they were written in Python.
REFERENCE = (Path(__file__).parent / "talent_rows_reference.html").read_text(encoding="utf-8")


def _pool(world) -> list:
    """Trainees in the pool: one with two entries, a name and a field to escape and a grade
    history of several years; one with no graded assessment."""
    first = TraineeFactory(
        name='李<i>四</i> & "五"', major="法学 <比较>", township=world.township_a
    )
    second = TraineeFactory(name="周七", major="", township=world.township_a)
    now = timezone.now()
    for year, grade in ((2024, Grade.EXCELLENT), (2025, Grade.COMPETENT), (2026, Grade.BASIC)):
        cycle = cycle_create(
            actor=None,
            name=f"{year}年度考核 <年>",
            kind=AssessmentCycle.Kind.ANNUAL,
            jurisdiction=world.county_a,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            rating_deadline=dt.date(year + 1, 1, 15),
            trainees=[first, second],
        )
        Assessment.objects.filter(cycle=cycle, trainee=first).update(
            grade=grade, score=Decimal("80.00"), confirmed_at=now
        )
    for trainee, pool, day in (
        (first, Outcome.Pool.EXCELLENT, dt.date(2026, 3, 1)),
        (first, Outcome.Pool.RESERVE, dt.date(2025, 9, 10)),
        (second, Outcome.Pool.RESERVE, dt.date(2026, 11, 1)),
    ):
        Outcome.objects.create(
            trainee=trainee,
            kind=Outcome.Kind.TALENT_POOL,
            pool=pool,
            reason="表现突出",
            decided_on=day,
        )
    return [first, second]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_rows_are_what_the_template_wrote(language, world, login):
    first, second = _pool(world)
    response = login(world.users["county_staff"]).get("/assessments/talent-pool/")
    context = next(c for c in response.context if "page" in c and "filter" in c).flatten()
    engine = engines["django"]
    with translation.override(language):
        reference = engine.from_string(REFERENCE).render(context)
        ours = engine.from_string("{% load talent_rows %}{% talent_rows %}").render(context)
    assert ours == reference
    assert ours.count("<tr>") == 2
    assert "李&lt;i&gt;四&lt;/i&gt; &amp; &quot;五&quot;" in ours
    assert "法学 &lt;比较&gt;" in ours
    assert ours.count('class="badge') == 3 and ours.count("text-bg-danger") == 1
    assert f'href="/trainees/{second.pk}/"' in ours


def test_the_page_shows_the_rows_in_chinese(world, login):
    _pool(world)
    html = login(world.users["county_staff"]).get("/assessments/talent-pool/").content.decode()
    rows = html[html.index('data-testid="pool"') :]
    texts = ["优秀", "称职", "基本称职", "2025-09-10", "2024 优秀", "周七"]
    for text in [*texts, "2024年度考核 &lt;年&gt;"]:
        assert text in rows, text
    assert "后备干部" in rows and "优秀选调生库" in rows


def test_an_empty_pool_writes_no_row(world, login):
    html = login(world.users["county_staff"]).get("/assessments/talent-pool/").content.decode()
    assert "<tbody>" not in html
    assert 'data-testid="empty"' in html


def test_entries_newest_first_and_grades_oldest_first(world, login):
    """The pool entries (Outcome's ordering) and the grade history (by the cycle's end) come
    with the page's rows in the order the page showed them."""
    _pool(world)
    client = login(world.users["county_staff"])
    html = client.get("/assessments/talent-pool/").content.decode()
    assert html.index("2026-03-01") < html.index("2025-09-10")
    assert html.index("2024 优秀") < html.index("2025 称职") < html.index("2026 基本称职")
    # The filters still narrow the page (and its count).
    narrowed = client.get("/assessments/talent-pool/?min_excellent=1").content.decode()
    assert "周七" not in narrowed and "李&lt;i&gt;四" in narrowed
    pool = client.get("/assessments/talent-pool/?pool=reserve&major=法学").content.decode()
    assert "周七" not in pool and "李&lt;i&gt;四" in pool


def test_the_pool_pages_25_at_a_time(world, login):
    for i in range(27):
        trainee = TraineeFactory(name=f"池{i:02d}", township=world.township_a)
        Outcome.objects.create(
            trainee=trainee,
            kind=Outcome.Kind.TALENT_POOL,
            pool=Outcome.Pool.RESERVE,
            reason="表现突出",
            decided_on=dt.date(2026, 1, 1),
        )
    client = login(world.users["county_staff"])
    first = client.get("/assessments/talent-pool/").content.decode()
    second = client.get("/assessments/talent-pool/?page=2").content.decode()
    beyond = client.get("/assessments/talent-pool/?page=9").content.decode()
    row = '<td><a href="/trainees/'
    assert first.count(row) == 25 and "?page=2" in first
    assert second.count(row) == 2 and "池26" in second
    assert beyond.count(row) == 2 and "池26" in beyond  # past the end: the last page
