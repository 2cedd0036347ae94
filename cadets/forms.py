from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import units_q

from .idnumber import normalise_id_number
from .models import MSG_STATUS_TRANSITION, Trainee

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MSG_KEEP_SENSITIVE = _("Leave empty to keep the current value (%(masked)s).")
# Sensitive fields an edit form never pre-fills: the full value would be on the page.
KEEP_WHEN_EMPTY = {"id_number": "masked_id_number", "phone": "masked_phone"}


class UnitChoiceField(forms.ModelChoiceField):
    """Shows a unit with its parent ("东湖县 / 青石镇") so that same-named places differ."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.parent} / {obj.name}" if obj.parent_id else obj.name


class TraineeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Trainee
        fields = [
            "name", "sex", "ethnicity", "birth_date", "native_place", "id_number", "phone",
            "political_status", "party_joined_on", "education", "degree", "school", "major",
            "stream", "cohort", "reported_on", "county", "township", "village", "current_post",
            "status",
        ]  # fmt: skip
        widgets = {
            "birth_date": DATE_WIDGET,
            "party_joined_on": DATE_WIDGET,
            "reported_on": DATE_WIDGET,
        }
        field_classes = {
            "county": UnitChoiceField,
            "township": UnitChoiceField,
            "village": UnitChoiceField,
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        in_scope = OrgUnit.objects.filter(units_q(user)).select_related("parent")
        self.fields["county"].queryset = in_scope.filter(kind=OrgUnit.Kind.COUNTY)
        self.fields["township"].queryset = in_scope.filter(kind=OrgUnit.Kind.TOWNSHIP)
        self.fields["village"].queryset = in_scope.filter(kind=OrgUnit.Kind.VILLAGE)
        self.fields["version"].initial = self.instance.version
        if self.instance.pk is None:
            del self.fields["status"]
        else:
            for name, masked in KEEP_WHEN_EMPTY.items():
                self.initial[name] = ""
                self.fields[name].required = False
                self.fields[name].widget.attrs["autocomplete"] = "off"
                current = getattr(self.instance, masked)
                if current:
                    self.fields[name].help_text = MSG_KEEP_SENSITIVE % {"masked": current}
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Personal details"),
                Row(Column("name"), Column("sex"), Column("ethnicity")),
                Row(Column("birth_date"), Column("native_place")),
                Row(Column("id_number"), Column("phone")),
                Row(Column("political_status"), Column("party_joined_on")),
            ),
            Fieldset(
                _("Education"),
                Row(Column("education"), Column("degree")),
                Row(Column("school"), Column("major")),
            ),
            Fieldset(
                _("Selection and placement"),
                Row(Column("stream"), Column("cohort"), Column("reported_on")),
                Row(Column("county"), Column("township"), Column("village")),
                Row(
                    Column("current_post"), *([Column("status")] if "status" in self.fields else [])
                ),
            ),
            "version",
            Submit("save", _("Save")),
        )

    def clean_id_number(self) -> str:
        value = normalise_id_number(self.cleaned_data["id_number"])
        return value or (self.instance.id_number if self.instance.pk else value)

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        return value or (self.instance.phone if self.instance.pk else value)

    def clean_status(self) -> str:
        new = self.cleaned_data["status"]
        old = self.initial.get("status") or Trainee.Status.TRAINING
        if new not in self.instance.allowed_next_statuses(old):
            raise forms.ValidationError(
                MSG_STATUS_TRANSITION.format(
                    old=Trainee.Status(old).label, new=Trainee.Status(new).label
                )
            )
        return new
