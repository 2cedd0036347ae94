"""The Python select (accounts/form_renderer.py) writes what Django's templates write."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from accounts.form_renderer import FormRenderer


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


def _render_all(renderer, data):
    form = Sample(data, renderer=renderer)
    return {name: str(form[name]) for name in form.fields}


def test_selects_match_djangos_templates_bound_and_unbound():
    for data in (None, {"plain": "2", "grouped": "4", "many": ["1", "3"], "flag": "true"}):
        ours = _render_all(FormRenderer(), data)
        django = _render_all(DjangoTemplates(), data)
        assert ours == django
        assert "<select" in ours["plain"]


def test_selected_option_is_marked():
    html = str(Sample({"plain": "2"}, renderer=FormRenderer())["plain"])
    assert '<option value="2" selected>a &quot;quoted&quot; &lt;b&gt;</option>' in html


def test_project_renderer_is_ours():
    form = Sample()
    assert isinstance(form.renderer, FormRenderer)
