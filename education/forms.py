"""Forms of the education pages."""

from __future__ import annotations

from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from cadets.models import Cohort

from .models import Course, Enrolment, TrainingRules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "hours",
            "organiser",
            "organiser_unit",
            "description",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        }

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser_unit"].queryset = units


class EnrolForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Every trainee in training of the cohort"),
        queryset=Cohort.objects.order_by("-year"),
        required=False,
    )
    trainees = forms.ModelMultipleChoiceField(
        label=_("Or these trainees"), queryset=None, required=False
    )

    def __init__(self, *args, trainees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainees"].queryset = trainees
        self.fields["trainees"].widget.attrs["size"] = 8

    def clean(self):
        data = super().clean()
        if not data.get("cohort") and not data.get("trainees"):
            raise forms.ValidationError(_("Choose a cohort or at least one trainee."))
        return data


class EnrolmentForm(forms.ModelForm):
    # Not the model's field: empty means "the course's hours" for a completed course, which
    # the service settles (education.services.enrolments_record) before the model's checks.
    hours = forms.DecimalField(
        label=_("hours credited"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        help_text=_("Leave empty for the course's hours."),
        widget=forms.NumberInput(attrs={"step": "0.5", "min": 0, "inputmode": "decimal"}),
    )

    class Meta:
        model = Enrolment
        fields = ["status", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.hours:
            self.initial.setdefault("hours", self.instance.hours)
        self.order_fields(["status", "hours", "note"])


EnrolmentFormSet = modelformset_factory(Enrolment, form=EnrolmentForm, extra=0)


class RulesForm(forms.ModelForm):
    class Meta:
        model = TrainingRules
        fields = ["required_hours"]
