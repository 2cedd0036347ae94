"""The Python selects and inputs (accounts/form_renderer.py) write what Django's templates
write."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe

from accounts.form_renderer import INPUTS, FormRenderer, PythonSelect
from accounts.models import OrgUnit


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "全部"), ("1", "一"), ("2", 'a "quoted" <b>')])
    grouped = forms.ChoiceField(
        choices=[("县", [("3", "甲县"), ("4", "乙县")]), ("乡", [("5", "丙镇")]), ("6", "其他")]
    )
    many = forms.MultipleChoiceField(choices=[(1, "x"), (2, "y"), (3, "z")])
    flag = forms.NullBooleanField()
    safe = forms.ChoiceField(choices=[("7", mark_safe("<em>safe</em>"))])
    styled = forms.ChoiceField(
        choices=[("8", "八")],
        widget=forms.Select(attrs={"class": "form-select", "disabled": True, "data-x": "a&b"}),
    )
    # Labels a template localises (numbers, dates) and lazy ones.
    years = forms.TypedChoiceField(
        choices=[(2024, 2024), (1.5, 1.5), (dt.date(2026, 1, 2), dt.date(2026, 1, 2))]
    )
    lazy = forms.ChoiceField(choices=[("a", translation.gettext_lazy("Name"))])
    # Every input whose template is only input.html, with attributes of every kind.
    text = forms.CharField(
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": 'say "hi" & <go>', "hidden": False}
        )
    )
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"required": True}))
    email = forms.EmailField()
    url = forms.URLField(assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField()
    hour = forms.TimeField()
    decimal = forms.DecimalField()
    marked = forms.CharField(initial=mark_safe("<i>ok</i>"))


class Types(forms.Form):
    """One field per input template, for those a plain form field does not pick."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for template in INPUTS:
            kind = template.rsplit("/", 1)[1].removesuffix(".html")
            widget = forms.TextInput(attrs={"data-kind": kind})
            widget.template_name, widget.input_type = template, kind
            self.fields[kind] = forms.CharField(widget=widget, required=False)


BOUND = {
    "plain": "2",
    "grouped": "4",
    "many": ["1", "3"],
    "flag": "true",
    "years": "2024",
    "text": "尹远 <b>'x'</b> & \"y\"",
    "number": "12",
    "email": "a@b.invalid",
    "password": "s3cret&",
    "hidden": "<h>",
    "day": "2026-01-02",
    "moment": "2026-01-02 03:04",
    "hour": "05:06",
    "decimal": "1.50",
}


def _render_all(form_class, renderer, data):
    form = form_class(data, renderer=renderer)
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("data", [None, BOUND, {"text": ""}], ids=["unbound", "bound", "empty"])
@pytest.mark.parametrize("form_class", [Sample, Types])
def test_selects_and_inputs_match_djangos_templates(form_class, data, language):
    with translation.override(language):
        ours = _render_all(form_class, FormRenderer(), data)
        django = _render_all(form_class, DjangoTemplates(), data)
    assert ours == django


def test_the_renderer_writes_them_itself(monkeypatch):
    def no_templates(*args, **kwargs):
        raise AssertionError("rendered through a template")

    monkeypatch.setattr(DjangoTemplates, "render", no_templates)
    form = Sample(BOUND, renderer=FormRenderer())
    for name in ("plain", "grouped", "text", "number", "day", "hidden", "marked"):
        assert str(form[name]).startswith(("<select", "<input"))


def test_selected_option_is_marked():
    html = str(Sample({"plain": "2"}, renderer=FormRenderer())["plain"])
    assert '<option value="2" selected>a &quot;quoted&quot; &lt;b&gt;</option>' in html


def test_an_input_value_is_escaped():
    html = str(Sample({"text": '"><script>'}, renderer=FormRenderer())["text"])
    assert 'value="&quot;&gt;&lt;script&gt;"' in html


def test_project_renderer_is_ours():
    form = Sample()
    assert isinstance(form.renderer, FormRenderer)


SELECTS = {
    "plain": [("", "全部"), ("1", "一"), ("2", 'a "quoted" <b>'), (None, "无")],
    "grouped": [("县", [("3", "甲县"), ("4", "乙县")]), ("", [("5", "丙镇")]), ("6", "其他")],
    "twice": [("7", "七"), ("7", "又七")],  # one value twice: only the first is selected
    "labels": [
        (1, 2024),
        (2, 1.5),
        (3, dt.date(2026, 1, 2)),
        (4, mark_safe("<em>safe</em>")),
        (5, translation.gettext_lazy("Name")),
    ],
}


def _selects(widget_class, renderer, data):
    class Choices(forms.Form):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            for name, choices in SELECTS.items():
                widget = widget_class(
                    attrs={"class": "form-select", "hidden": False, "data-x": "&"}
                )
                self.fields[name] = forms.ChoiceField(choices=choices, widget=widget)
            self.fields["unit"] = forms.ModelChoiceField(
                queryset=OrgUnit.objects.order_by("code"), widget=widget_class(), required=False
            )

    form = Choices(data, renderer=renderer)
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_python_select_writes_what_djangos_select_writes(world, language):
    data_sets = [None, {"plain": "2", "grouped": "5", "twice": "7", "labels": "3"}, {"plain": ""}]
    for data in data_sets + [{"unit": str(world.township_a.pk)}]:
        with translation.override(language):
            ours = _selects(PythonSelect, FormRenderer(), data)
            django = _selects(forms.Select, DjangoTemplates(), data)
        assert ours == django
    assert ours["unit"].count("<option") == OrgUnit.objects.count() + 1
    assert f'value="{world.township_a.pk}" selected' in ours["unit"]
