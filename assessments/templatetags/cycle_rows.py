"""The rows of the cycle page's table, written in Python.

A cycle page shows 25 assessments, each with a link, its figures, its confirmed grade and a
confirm form with a select of grades. Through the template language that row was most of
the page's time at province scale (issue 9): a variable, a translation, a URL reversal and an
option loop per cell. `cycle_rows` writes the same markup the template wrote (tests/
assessments/test_cycle_rows.py compares the two on varied rows) from the same context — the
page's and its benchmark floor's — with every value escaped.
"""

from __future__ import annotations

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from accounts.reversing import url_for_pk
from assessments.models import Assessment, Grade, RaterKind

register = template.Library()


@register.simple_tag(takes_context=True)
def cycle_rows(context) -> str:
    """The <tr> of each of `rows` (see views.cycle_detail) for `cycle`."""
    rows = context["rows"]
    if not rows:
        return ""
    detail = url_for_pk("assessments:assessment_detail")
    form = ""
    if context["cycle"].status == "open":
        form = _ConfirmForm(context)
    # Labels translated once per table, not once per cell.
    kinds = _labels(RaterKind.choices)
    grades = _labels(Grade.choices)
    decisions = _labels(Assessment.ProbationDecision.choices)
    missing_label = conditional_escape(gettext("missing"))
    objection = (
        f' <span class="badge text-bg-warning">{conditional_escape(gettext("objection"))}</span>'
    )
    out = []
    for row in rows:
        a = row["assessment"]
        r = row["result"]
        trainee = a.trainee
        name = conditional_escape(trainee.name)
        score = _or_dash(r.score)
        # LiveResult.missing: the groups without a score.
        missing = [_label(kinds, g.kind) for g in r.groups if g.score is None]
        if missing:
            score += f'<div class="small text-muted">{missing_label}: {"、".join(missing)}</div>'
        # get_grade_display and get_probation_decision_display.
        grade = _label(grades, a.grade) or "—"
        if a.probation_decision:
            grade += f'<div class="small">{_label(decisions, a.probation_decision)}</div>'
        if a.acknowledged_at:
            acknowledged = '<i class="bi bi-check2"></i>' + (objection if a.objection else "")
        else:
            acknowledged = "—"
        out.append(
            f'\n    <tr data-testid="row-{name}">\n'
            f'      <td><a href="{detail(a.pk)}">{name}</a>'
            f'<div class="small text-muted">{conditional_escape(trainee.township)}</div></td>\n'
            f"      <td>{_number(r.submitted)} / {_number(r.assigned)}</td>\n"
            f"      <td>{_number(r.cast)} / {_number(r.issued)}</td>\n"
            f"      <td>{score}</td>\n"
            f"      <td>{conditional_escape(row['proposed']) or '—'}</td>\n"
            f'      <td data-testid="grade">{grade}</td>\n'
            f"      <td>{acknowledged}</td>\n      {form and form.cell(row)}\n    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


class _ConfirmForm:
    """The confirm cell of an open cycle: the fields of ConfirmForm, written out (the form
    posts to assessment_confirm_view, which reads them with the prefix `a<pk>`)."""

    def __init__(self, context) -> None:
        self.action = url_for_pk("assessments:assessment_confirm")
        token = context.get("csrf_token")
        self.csrf = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
            if token and token != "NOTPROVIDED"
            else ""
        )
        self.page = conditional_escape(localize(context["page"].number))
        self.grade_label = conditional_escape(gettext("Grade"))
        self.confirm = conditional_escape(gettext("Confirm"))
        self.grades = _choices(context["grade_choices"])
        self.decisions = None
        if context.get("probation"):
            self.decision_label = conditional_escape(gettext("Probation decision"))
            self.decisions = _choices(context["decision_choices"])

    def cell(self, row) -> str:
        a = row["assessment"]
        prefix = conditional_escape(row["prefix"])
        decision = ""
        if self.decisions is not None:
            decision = (
                f'<select name="{prefix}-probation_decision" id="id_{prefix}-probation_decision"'
                f' aria-label="{self.decision_label}">{_options(self.decisions, row["decision"])}'
                "</select>"
            )
        return (
            "\n      <td>\n"
            f'        <form method="post" action="{self.action(a.pk)}"'
            f' class="d-flex gap-1 align-items-center">{self.csrf}\n'
            "          \n"
            f'          <select name="{prefix}-grade" id="id_{prefix}-grade"'
            f' aria-label="{self.grade_label}">{_options(self.grades, row["grade"])}</select>\n'
            f"          {decision}\n"
            f'          <input type="hidden" name="{prefix}-comment"'
            f' value="{conditional_escape(a.staff_comment)}">\n'
            f'          <input type="hidden" name="page" value="{self.page}">\n'
            '          <button class="btn btn-sm btn-outline-primary" type="submit"'
            f' data-testid="confirm">{self.confirm}</button>\n'
            "        </form>\n"
            "      </td>\n      "
        )


def _labels(choices) -> dict[str, str]:
    return {value: conditional_escape(label) for value, label in choices}


def _label(labels: dict[str, str], value: str) -> str:
    """get_FOO_display(), escaped: the label of a choice, or the value itself."""
    return labels.get(value) or conditional_escape(value)


def _number(value: int) -> str:
    """`{{ value }}` of a count: localize() writes an int as it is unless thousands are
    separated (USE_THOUSAND_SEPARATOR)."""
    return str(value) if value < 1000 else conditional_escape(localize(value))


def _or_dash(value) -> str:
    """`{{ value|default:"—" }}`."""
    return conditional_escape(localize(value)) if value else "—"


def _choices(choices) -> list[tuple[str, str, str]]:
    return [(v, conditional_escape(v), conditional_escape(label)) for v, label in choices]


def _options(choices, selected) -> str:
    return "".join(
        f'<option value="{escaped}"{" selected" if value == selected else ""}>{label}</option>'
        for value, escaped, label in choices
    )
