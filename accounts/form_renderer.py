"""The form renderer: Django's, except that selects and plain inputs are written in Python.

Django renders a select through three templates, one include per option and per attribute, and
an input through three (text.html → input.html → attrs.html). A county filter of a province has
a hundred options, and each list page has several selects: at province scale that was a third
of the trainee list's time (issue 9). `render_select` and `render_input` write the same markup
as django/forms/widgets/select.html, select_option.html, input.html and attrs.html
(tests/accounts/test_form_renderer.py compares them, widget by widget); a widget with a template
of its own still goes through the templates.
"""

from __future__ import annotations

from html import escape

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# The widgets whose template is nothing but `{% include "django/forms/widgets/input.html" %}`.
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "search",
        "tel",
        "date",
        "datetime",
        "time",
    )
)


def render_select(widget: dict) -> str:
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            attrs = option["attrs"]
            out.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(attrs) if attrs else ""}>'
                f"{_label(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def render_input(widget: dict) -> str:
    value = widget["value"]
    value = "" if value is None else f' value="{_text(value)}"'
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


class PythonSelect(forms.Select):
    """A select that writes its markup straight from its choices: what select.html (and
    `render_select`) writes, without Django's dictionary per option first — for the filters'
    long lists (a province's hundred counties). Choices and selection as ChoiceWidget.optgroups:
    `None` is "", a group is a (name, choices) pair, one option selected unless multiple."""

    def render(self, name, value, attrs=None, renderer=None):
        if (self.template_name, self.option_template_name) != (SELECT, OPTION):
            return super().render(name, value, attrs, renderer)
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = self.format_value(value)
        out = [f'<select name="{_text(name)}"{_attrs(attrs)}>']
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            group = isinstance(option_label, (list, tuple))
            options = option_label if group else [(option_value, option_label)]
            if group and option_value:
                out.append(f'\n  <optgroup label="{_text(option_value)}">')
            for subvalue, sublabel in options:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in values
                has_selected |= selected
                out.append(
                    f'\n  <option value="{_text(subvalue)}"{" selected" if selected else ""}>'
                    f"{_label(sublabel)}</option>\n"
                )
            if group and option_value:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is not None:
            if template_name in INPUTS:
                return render_input(widget)
            if template_name == SELECT and all(
                option["template_name"] == OPTION
                for _name, choices, _index in widget["optgroups"]
                for option in choices
            ):
                return render_select(widget)
        return super().render(template_name, context, request)


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless marked safe."""
    value = str(value)
    return value if isinstance(value, SafeData) else escape(value)


def _label(value) -> str:
    """`{{ value }}`: as _text, after the localisation a template applies (numbers, dates)."""
    return _text(value if isinstance(value, str) else localize(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"')
    return "".join(parts)
