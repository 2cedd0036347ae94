from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.scoping import units_q

from .models import CareRecord, Difficulty, Entitlement, EntitlementType, SupportSettings

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4, "autocomplete": "off"})
MSG_SAY_HOW = _("Say how the difficulty was resolved.")
STAFF_ROLES = [Role.CITY_STAFF, Role.COUNTY_STAFF, Role.UNIT_STAFF]


class CareRecordForm(forms.ModelForm):
    class Meta:
        model = CareRecord
        fields = ["kind", "held_on", "leader", "level", "summary"]
        widgets = {"held_on": DATE, "summary": TEXT}


class DifficultyRaiseForm(forms.ModelForm):
    """What a trainee (or staff on their behalf) says about a difficulty."""

    class Meta:
        model = Difficulty
        fields = ["category", "description"]
        widgets = {"description": TEXT}


class DifficultyHandleForm(forms.ModelForm):
    """The staff's side: who owns it, by when, and how it was resolved."""

    resolved = forms.BooleanField(label=_("Resolved"), required=False)

    class Meta:
        model = Difficulty
        fields = ["owner", "due_on", "resolution"]
        widgets = {"due_on": DATE, "resolution": TEXT}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The owner is a staff member of a unit the handler can see (their subtree).
        self.fields["owner"].queryset = User.objects.filter(
            role__in=STAFF_ROLES, is_active=True, org_unit__in=_units(user)
        ).order_by("username")
        self.fields["owner"].required = True
        self.fields["resolved"].initial = self.instance.status == Difficulty.Status.RESOLVED

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("resolved") and not (cleaned.get("resolution") or "").strip():
            self.add_error("resolution", MSG_SAY_HOW)
        return cleaned


def _units(user):
    from accounts.models import OrgUnit

    return OrgUnit.objects.filter(units_q(user))


class EntitlementForm(forms.ModelForm):
    class Meta:
        model = Entitlement
        fields = ["state", "since", "note"]
        widgets = {"since": DATE}


class EntitlementTypeForm(forms.ModelForm):
    class Meta:
        model = EntitlementType
        fields = ["kind", "name", "standard", "active"]


class SupportSettingsForm(forms.ModelForm):
    class Meta:
        model = SupportSettings
        fields = ["difficulty_due_days", "research_due_month", "research_due_day"]
