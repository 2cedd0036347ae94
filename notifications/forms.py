from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .due import lead_times
from .models import NotificationPreference, ReminderSettings

MSG_THRESHOLDS_ORDER = _(
    "Each level must be told later than the level below it: receiving unit, then county, then city."
)
MAX_LEAD_DAYS = 366


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "daily_digest"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save"), css_class="btn-danger"))


class ReminderSettingsForm(forms.ModelForm):
    """The escalation thresholds, and one field per lead time the providers registered."""

    class Meta:
        model = ReminderSettings
        fields = [
            "escalate_unit_after_days",
            "escalate_county_after_days",
            "escalate_city_after_days",
            "digest_hour",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leads = lead_times()
        for lead in self.leads:
            self.fields[self._field(lead.key)] = forms.IntegerField(
                label=lead.label,
                min_value=0,
                max_value=MAX_LEAD_DAYS,
                initial=self.instance.lead_days_for(lead),
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save"), css_class="btn-danger"))

    @staticmethod
    def _field(key: str) -> str:
        return "lead__" + key.replace(".", "__")

    def clean(self) -> dict:
        data = super().clean()
        levels = [
            data.get("escalate_unit_after_days"),
            data.get("escalate_county_after_days"),
            data.get("escalate_city_after_days"),
        ]
        if None not in levels and not levels[0] < levels[1] < levels[2]:
            raise ValidationError(MSG_THRESHOLDS_ORDER)
        return data

    def save(self, commit: bool = True) -> ReminderSettings:
        config = super().save(commit=False)
        config.lead_days = {
            **config.lead_days,
            **{lead.key: self.cleaned_data[self._field(lead.key)] for lead in self.leads},
        }
        if commit:
            config.save()
        return config
