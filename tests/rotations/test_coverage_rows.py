"""The coverage list's rows, written in Python (rotations/templatetags/coverage_rows.py), are
the markup the template wrote for them (coverage_rows_reference.html), in both languages."""

import datetime as dt
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from accounts.models import OrgUnit
from cadets.models import Cohort
from tests.factories import TraineeFactory

from .factories import PostFactory, RotationFactory, category

REFERENCE = (Path(__file__).parent / "coverage_rows_reference.html").read_text(encoding="utf-8")


def _both(rows) -> tuple[str, str]:
    engine = engines["django"]
    reference = engine.from_string(REFERENCE).render({"rows": rows})
    ours = engine.from_string("{% load coverage_rows %}{% coverage_table_rows rows %}").render(
        {"rows": rows}
    )
    return ours, reference


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_rows_are_the_templates(world, login, language):
    township = world.township_a
    OrgUnit.objects.filter(pk=township.pk).update(name='东<i>镇</i> & "西"')
    Cohort.objects.filter(pk=world.own.cohort_id).update(name="2025<届>")
    serving = TraineeFactory(name='王<b>五</b> & "六"', township=township, cohort=world.own.cohort)
    post = PostFactory(township=township, name="综合<岗>", category=category("乡村振兴"))
    today = dt.date.today()
    RotationFactory(trainee=serving, post=post, starts_on=today - dt.timedelta(days=30))
    TraineeFactory(name="赵一", township=township)  # no rotation: missing, warnings
    with translation.override(language):
        response = login(world.users["city_staff"]).get(reverse("rotations:coverage_list"))
        rows = response.context["rows"]
        assert len(rows) >= 3 and any(row.current for row in rows)
        assert any(row.warnings for row in rows)
        ours, reference = _both(rows)
    assert ours == reference
    assert "王&lt;b&gt;五&lt;/b&gt; &amp; &quot;六&quot;" in ours and "综合&lt;岗&gt;" in ours
    assert _both([]) == ("", "")
