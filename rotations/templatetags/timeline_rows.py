"""The timeline's rows (rotations/_timeline.html), written in Python.

A timeline page shows 25 trainees, each with a link, a name, a township and a row of bars.
Through the template language a row cost a URL reversal, two localised numbers and a dozen
variable lookups — a fifth of the page at province scale (issue 9). `timeline_rows` writes
the same markup the template wrote (tests/rotations/test_timeline_rows.py compares the two)
with every value escaped; the bars are the rows' own SVG (selectors.TimelineRow.bars_svg).
"""

from __future__ import annotations

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from accounts.reversing import url_for_pk

register = template.Library()


@register.simple_tag
def timeline_rows(timeline) -> SafeString:
    """The rows of `timeline` (selectors.Timeline)."""
    if timeline is None or not timeline.rows:
        return mark_safe("")
    link = url_for_pk("rotations:trainee_rotations")
    today = ""
    if timeline.today_x is not None:
        x = conditional_escape(localize(timeline.today_x))
        today = f'<line x1="{x}" x2="{x}" y1="0" y2="20" class="today"/>'
    out = []
    for row in timeline.rows:
        trainee = row.trainee
        pk = trainee.pk
        name = conditional_escape(trainee.name)
        out.append(
            "\n  "
            f'<div class="timeline-row" data-testid="timeline-row" data-trainee="{localize(pk)}">'
            f'\n    <div class="timeline-name text-truncate"><a href="{link(pk)}">{name}</a>'
            '<span class="d-none d-md-inline small text-muted">'
            f" {conditional_escape(trainee.township)}</span></div>"
            '\n    <svg class="timeline-bars" viewBox="0 0 1000 20" preserveAspectRatio="none"'
            f' role="img" aria-label="{name}">'
            '\n      <use href="#timeline-grid"/>'
            f"\n      {row.bars_svg}"
            f"\n      {today}"
            "\n    </svg>\n  </div>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped
