"""Forms of attendance pages. Number fields are phone-friendly (numeric keyboard) and
validate with Chinese messages through Django's catalogue and ours."""

from __future__ import annotations

from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from .models import AttendanceEntry, AttendanceRules

MSG_MONTH_FORMAT = _("Give the month as 2026-11.")
NUMBER = {"inputmode": "numeric", "min": 0, "max": 31, "class": "form-control"}


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (the browser's month input), kept as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": MSG_MONTH_FORMAT}


class StartForm(forms.Form):
    township = forms.ModelChoiceField(label=_("Township"), queryset=None)
    month = MonthField(label=_("Month"))

    def __init__(self, *args, townships, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships


class SheetDaysForm(forms.Form):
    required_days = forms.IntegerField(
        label=_("Working days this month"),
        min_value=1,
        max_value=31,
        widget=forms.NumberInput(attrs=NUMBER),
    )


class EntryForm(forms.ModelForm):
    class Meta:
        model = AttendanceEntry
        fields = ["present_days", "official_days", "absent_days", "late_count", "remark"]
        labels = {
            "present_days": _("Present"),
            "official_days": _("Official duty or village"),
            "absent_days": _("Absent"),
            "late_count": _("Late or left early"),
        }
        widgets = {
            "present_days": forms.NumberInput(attrs=NUMBER),
            "official_days": forms.NumberInput(attrs=NUMBER),
            "absent_days": forms.NumberInput(attrs=NUMBER),
            "late_count": forms.NumberInput(attrs={**NUMBER, "max": 99}),
            "remark": forms.TextInput(attrs={"class": "form-control", "maxlength": 200}),
        }


EntryFormSet = modelformset_factory(AttendanceEntry, form=EntryForm, extra=0, can_delete=False)


class CorrectionForm(forms.Form):
    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the sheet is corrected.")},
    )


class PunchUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Punch-in export (.xlsx or .csv)"),
        error_messages={"required": _("Choose the file to import.")},
    )


class RulesForm(forms.ModelForm):
    class Meta:
        model = AttendanceRules
        fields = ["required_days", "flag_any_absence", "min_rate_percent", "due_day"]
