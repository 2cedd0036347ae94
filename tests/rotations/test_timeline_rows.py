"""The timeline's rows, written in Python (rotations/templatetags/timeline_rows.py), are the
markup the template wrote for them (timeline_rows_reference.html), in both languages, with
and without today's line, for the page's rows and the planner's proposals."""

import datetime as dt
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from accounts.models import OrgUnit
from rotations.selectors import ProposedStint, timeline
from tests.factories import TraineeFactory

from .factories import PostFactory, RotationFactory

REFERENCE = (Path(__file__).parent / "timeline_rows_reference.html").read_text(encoding="utf-8")


def _both(context: dict) -> tuple[str, str]:
    engine = engines["django"]
    reference = engine.from_string(REFERENCE).render(context)
    ours = engine.from_string("{% load timeline_rows %}{% timeline_rows timeline %}").render(
        context
    )
    return ours, reference


def _varied(world):
    """Trainees with names and a township to escape, bars of every kind, one with none."""
    township = world.township_a
    OrgUnit.objects.filter(pk=township.pk).update(name='东<i>镇</i> & "西"')
    names = ['王<b>五</b> & "六"', "赵一", "钱二"]
    trainees = [TraineeFactory(name=name, township=township) for name in names]
    post = PostFactory(township=township, name="综合<岗>")
    start = trainees[0].reported_on
    RotationFactory(trainee=trainees[0], post=post, starts_on=start)
    RotationFactory(trainee=trainees[0], post=post, starts_on=start + dt.timedelta(days=120))
    RotationFactory(trainee=trainees[1], post=post, starts_on=start, ends_on=None)
    return trainees, post


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_rows_are_the_templates(world, login, language):
    _varied(world)
    with translation.override(language):
        response = login(world.users["city_staff"]).get(reverse("rotations:timeline"))
        context = {"timeline": response.context["timeline"]}
        assert len(context["timeline"].rows) >= 4
        ours, reference = _both(context)
    assert ours == reference
    assert "王&lt;b&gt;五&lt;/b&gt; &amp; &quot;六&quot;" in ours
    assert 'class="today"' in ours


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_proposals_and_a_past_timeline_are_the_templates(world, language):
    trainees, post = _varied(world)
    start = trainees[2].reported_on
    proposed = {trainees[2].pk: [ProposedStint(post, start, start + dt.timedelta(days=89))]}
    today = dt.date(1990, 1, 1)  # before every bar: the timeline starts later, no line drawn
    with translation.override(language):
        rows = timeline(trainees, today, proposed=proposed)
        assert rows.today_x is None
        ours, reference = _both({"timeline": rows})
        assert ours == reference and 'data-testid="proposed-bar"' in ours
        assert _both({"timeline": timeline([], today)}) == ("", "")
