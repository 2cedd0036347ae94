"""The cycle page's rows, written in Python (assessments/templatetags/cycle_rows.py), are the
markup the page's template wrote for them, and show the same figures as the page of one
assessment."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone, translation

from assessments.models import (
    Assessment,
    AssessmentCycle,
    DemocraticTally,
    Grade,
    RaterAssignment,
)
from assessments.selectors import (
    assessment_results,
    cycle_page_queryset,
    cycle_results,
    with_ballot_figures,
    with_rater_scores,
)
from assessments.services import ballot_cast, ballots_issue, cycle_create, rating_submit
from tests.factories import TraineeFactory

from .builders import annual_cycle, rate_all

# The rows as the page's template wrote them before they were written in Python.
REFERENCE = (Path(__file__).parent / "cycle_rows_reference.html").read_text(encoding="utf-8")


def _both(context: dict) -> tuple[str, str]:
    engine = engines["django"]
    reference = engine.from_string(REFERENCE).render(context)
    ours = engine.from_string("{% load cycle_rows %}{% cycle_rows %}").render(context)
    return ours, reference


def _page_context(client, cycle) -> dict:
    response = client.get(f"/assessments/{cycle.pk}/")
    assert response.status_code == 200
    # The page's own context (the includes have theirs too).
    return next(c for c in response.context if "rows" in c).flatten()


def _varied(world, kind: str = AssessmentCycle.Kind.ANNUAL) -> AssessmentCycle:
    """Rows of every shape: a name to escape, a confirmed grade with a probation decision,
    an acknowledgement with and without an objection, a comment, raters missing, votes."""
    names = ['王<b>五</b> & "六"', "赵一", "钱二", "孙三"]
    trainees = [TraineeFactory(name=name, township=world.township_a) for name in names]
    cycle = cycle_create(
        actor=None,
        name="期满考核",
        kind=kind,
        jurisdiction=world.county_a,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        rating_deadline=timezone.localdate() + dt.timedelta(days=10),
        trainees=trainees,
    )
    first, second, third, _fourth = cycle.assessments.order_by("trainee__name")
    rate_all(first, score=91)
    rate_all(second, score={"self": 70, "mentor": 85, "unit": 60, "org": 75})
    codes = ballots_issue(
        actor=world.users["county_staff"], assessment=second, group="villagers", count=3
    )
    ballot_cast(code=codes[0], grade=Grade.EXCELLENT)
    ballot_cast(code=codes[1], grade=Grade.BASIC)
    now = timezone.now()
    Assessment.objects.filter(pk=first.pk).update(
        grade=Grade.EXCELLENT,
        score=Decimal("91.00"),
        confirmed_at=now,
        probation_decision=Assessment.ProbationDecision.CANCELLED
        if kind == AssessmentCycle.Kind.PROBATION
        else "",
        staff_comment='表现 "突出" <好>',
        acknowledged_at=now,
        objection="不服",
    )
    Assessment.objects.filter(pk=third.pk).update(
        grade=Grade.BASIC, score=Decimal("65.00"), confirmed_at=now, acknowledged_at=now
    )
    return cycle


@pytest.mark.parametrize("kind", [AssessmentCycle.Kind.ANNUAL, AssessmentCycle.Kind.PROBATION])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_rows_are_what_the_template_wrote(kind, language, world, login):
    cycle = _varied(world, kind)
    context = _page_context(login(world.users["county_staff"]), cycle)
    with translation.override(language):
        ours, reference = _both(context)
    assert ours == reference
    assert ours.count("<tr ") == 4
    assert "王&lt;b&gt;五&lt;/b&gt; &amp; &quot;六&quot;" in ours
    assert 'value="表现 &quot;突出&quot; &lt;好&gt;"' in ours
    assert ('name="a' in ours and "-probation_decision" in ours) == (kind == "probation")


def test_rows_of_a_closed_cycle_have_no_form_and_the_same_markup(world, login):
    cycle = _varied(world)
    AssessmentCycle.objects.filter(pk=cycle.pk).update(status=AssessmentCycle.Status.LOCKED)
    context = _page_context(login(world.users["county_staff"]), cycle)
    ours, reference = _both(context)
    assert ours == reference
    assert "<form" not in ours
    assert ours.count("<tr ") == 4


def test_rows_without_a_csrf_token_write_none(world, login):
    cycle = _varied(world)
    context = _page_context(login(world.users["county_staff"]), cycle)
    context["csrf_token"] = None
    ours, reference = _both(context)
    assert ours == reference
    assert "csrfmiddlewaretoken" not in ours
    context["csrf_token"] = "NOTPROVIDED"  # Django's tag writes nothing for it either
    ours = engines["django"].from_string("{% load cycle_rows %}{% cycle_rows %}").render(context)
    assert "csrfmiddlewaretoken" not in ours


def test_the_page_shows_the_rows_in_chinese(world, login):
    cycle = _varied(world, AssessmentCycle.Kind.PROBATION)
    html = login(world.users["county_staff"]).get(f"/assessments/{cycle.pk}/").content.decode()
    rows = html[html.index('data-testid="results"') :]
    for text in ("优秀", "取消录用", "异议", "确定", "缺失", "2 / 3"):
        assert text in rows, text
    assert html.count('data-testid="confirm"') == 4


def test_cycle_figures_are_those_of_the_assessment_page(world):
    """cycle_results (the cycle page) and assessment_results (one assessment's page) compute
    the live results from differently shaped reads: the same figures."""
    cycle = _varied(world)
    # A rater who gave only some dimensions counts as not complete.
    assignment = RaterAssignment.objects.filter(
        assessment__cycle=cycle, assessment__grade="", submitted_at__isnull=True
    ).first()
    codes = list(cycle.template.dimensions.values_list("code", flat=True))
    rating_submit(
        actor=assignment.rater,
        assignment=assignment,
        scores={code: Decimal("66.5") for code in codes},
        comment="",
    )
    assignment.scores.filter(dimension__code=codes[0]).delete()
    cycle = cycle_page_queryset(world.users["county_staff"]).get(pk=cycle.pk)
    assessments = list(_with_figures(cycle.assessments.order_by("trainee__name", "pk")))
    ours = cycle_results(cycle, assessments)
    theirs = assessment_results(cycle, assessments)
    assert ours.keys() == theirs.keys()
    for pk, result in ours.items():
        expected = theirs[pk]
        assert (result.score, result.proposed, result.groups) == (
            expected.score,
            expected.proposed,
            expected.groups,
        )
        assert (result.submitted, result.assigned, result.issued, result.votes) == (
            expected.submitted,
            expected.assigned,
            expected.issued,
            expected.votes,
        )
    second = assessments[1]
    assert ours[second.pk].votes == {"excellent": 1, "competent": 0, "basic": 1, "incompetent": 0}
    assert ours[second.pk].issued == 3


def test_a_cycle_without_votes_or_scores_has_no_figures(world):
    cycle = annual_cycle(world, [TraineeFactory(township=world.township_a)])
    cycle = cycle_page_queryset(world.users["county_staff"]).get(pk=cycle.pk)
    assessments = list(_with_figures(cycle.assessments.all()))
    (result,) = cycle_results(cycle, assessments).values()
    assert (result.score, result.submitted, result.issued, result.cast) == (None, 0, 0, 0)
    assert result.votes == dict.fromkeys(Grade.values, 0)
    # A template without democratic evaluation has no tallies at all.
    DemocraticTally.objects.filter(assessment__cycle=cycle).delete()
    assessments = list(_with_figures(cycle.assessments.all()))
    (result,) = cycle_results(cycle, assessments).values()
    assert result.votes == {}


def _with_figures(queryset):
    return with_rater_scores(with_ballot_figures(queryset))
