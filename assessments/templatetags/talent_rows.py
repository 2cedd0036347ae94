"""The rows of the talent pool's table, written in Python.

Each row lists a trainee's pool entries and their whole grade history, a badge per graded
assessment: through the template language (an `if`, a date filter and a translated label per
badge) those badges were more than half of the page's time at province scale (issue 9).
`talent_rows` writes the markup the template wrote (tests/assessments/test_talent_rows.py
compares the two) from the same context — the page's and its benchmark floor's — with every
value escaped.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from accounts.reversing import url_for_pk
from assessments.models import Grade, Outcome

register = template.Library()


@register.simple_tag(takes_context=True)
def talent_rows(context) -> str:
    """The <tr> of each trainee of `page` (views.talent_pool): name, cohort, major, county,
    pool entries, grade history."""
    trainees = context["page"].object_list
    if not trainees:
        return ""
    link = url_for_pk("cadets:trainee_detail")
    # Labels translated once per table (get_pool_display, get_grade_display).
    pools = _labels(Outcome.Pool.choices)
    grades = _labels(Grade.choices)
    out = []
    for t in trainees:
        entries = "".join(
            f'<div class="small">{_label(pools, o.pool)} '
            f'<span class="text-muted">{_day(o.decided_on)}</span></div>'
            for o in t.pools
        )
        badges = "".join(
            f'<span class="badge text-bg-{"danger" if a.grade == "excellent" else "light"}"'
            f' title="{conditional_escape(a.cycle.name)}">{_year(a.cycle.period_end)}'
            f" {_label(grades, a.grade)}</span> "
            for a in t.graded
        )
        out.append(
            "\n    <tr>\n"
            f'      <td><a href="{link(t.pk)}">{conditional_escape(t.name)}</a></td>\n'
            f"      <td>{conditional_escape(t.cohort)}</td><td>{conditional_escape(t.major)}</td>"
            f"<td>{conditional_escape(t.county)}</td>\n"
            f"      <td>{entries}</td>\n"
            f'      <td class="small">{badges}</td>\n'
            "    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


def _labels(choices) -> dict[str, str]:
    return {value: conditional_escape(label) for value, label in choices}


def _label(labels: dict[str, str], value: str) -> str:
    """get_FOO_display(), escaped: the label of a choice, or the value itself."""
    return labels.get(value) or conditional_escape(value)


def _day(value) -> str:
    """`{{ value|date:"Y-m-d" }}`."""
    return "" if value is None else f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _year(value) -> str:
    """`{{ value|date:"Y" }}`."""
    return "" if value is None else f"{value.year:04d}"
