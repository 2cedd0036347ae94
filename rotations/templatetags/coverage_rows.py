"""The coverage list's rows (rotations/coverage_list.html), written in Python.

Through the template language a row cost a URL reversal and a dozen variable lookups, a
quarter of the page at province scale (issue 9). `coverage_table_rows` writes the same markup
the template wrote (tests/rotations/test_coverage_rows.py compares the two) with every value
escaped; the badges and warnings are the rows' own (selectors.CoverageRow).
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from accounts.reversing import url_for_pk

register = template.Library()


@register.simple_tag
def coverage_table_rows(rows) -> SafeString:
    """The <tr> of each of `rows` (selectors.coverage_rows)."""
    if not rows:
        return mark_safe("")
    link = url_for_pk("rotations:trainee_rotations")
    out = []
    for row in rows:
        trainee = row.trainee
        current = conditional_escape(row.current.post) if row.current else "—"
        out.append(
            "\n    <tr>"
            f'\n      <td><a href="{link(trainee.pk)}">{conditional_escape(trainee.name)}</a>'
            f'<div class="small text-muted">{conditional_escape(trainee.cohort)}</div></td>'
            '\n      <td class="d-none d-md-table-cell">'
            f"{conditional_escape(trainee.township)}</td>"
            f'\n      <td class="small">{current}</td>'
            "\n      <td>"
            f'\n        <div class="d-flex flex-wrap gap-1">{row.cells_html}</div>'
            f"\n        {row.warnings_html}"
            "\n      </td>\n    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped
