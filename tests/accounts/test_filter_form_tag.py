"""`{% filter_fields form %}` (accounts/templatetags/filter_form.py) writes what the template
loop it replaces writes."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from accounts.backends import AccountBackend
from cadets.filters import TraineeFilter
from cadets.models import Trainee

LOOP = Template(
    """{% for field in form %}
    <div class="col-6 col-md-3 col-lg">
      <label class="form-label small mb-0" for="{{ field.id_for_label }}">{{ field.label }}</label>
      {{ field }}
    </div>
  {% endfor %}"""
)
TAG = Template("{% load filter_form %}{% filter_fields form %}")


class Odd(forms.Form):
    name = forms.CharField(label='Name <b>"&"</b>')
    when = forms.DateField(label=translation.gettext_lazy("Name"), required=False)
    kind = forms.ChoiceField(choices=[("a", "甲")], widget=forms.RadioSelect)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_tag_writes_what_the_loop_writes(world, language):
    city = AccountBackend().get_user(world.users["city_staff"].pk)
    forms_ = [
        TraineeFilter({}, queryset=Trainee.objects.all(), user=city).form,
        TraineeFilter(
            {"q": "<本>", "county": str(world.county_a.pk), "status": "nope"},
            queryset=Trainee.objects.all(),
            user=city,
        ).form,
        Odd({"name": "x", "when": "not a date"}),
        Odd(auto_id=False),
    ]
    with translation.override(language):
        for form in forms_:
            form.is_valid()
            context = Context({"form": form})
            assert TAG.render(context) == LOOP.render(context)
