"""Forms of the programme rules page (cadets/programme_views.py): training length and probation,
the leave rules and the leave approval chain, edited together by city staff."""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from .models import LeaveApprovalLevel, LeavePolicy, Programme

MSG_PROBATION_LONGER = _("The probation cannot be longer than the training period.")
MSG_LEVEL_ORDER_TAKEN = _("Two approval steps cannot have the same order.")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["training_months", "probation_months", "minimum_service_years"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("training_months", "probation_months"):
            self.fields[name].validators.append(MinValueValidator(1))

    def clean(self):
        data = super().clean()
        training, probation = data.get("training_months"), data.get("probation_months")
        if training and probation and probation > training:
            self.add_error("probation_months", MSG_PROBATION_LONGER)
        return data


class LeavePolicyForm(forms.ModelForm):
    class Meta:
        model = LeavePolicy
        fields = ["extend_training_after_days"]


class LeaveLevelForm(forms.ModelForm):
    class Meta:
        model = LeaveApprovalLevel
        fields = ["order", "role", "more_than_days"]

    def validate_unique(self) -> None:
        # The formset checks the orders against each other (`BaseLeaveLevelFormSet.clean`);
        # the service saves a reordering without tripping over the old rows' orders.
        return


class BaseLeaveLevelFormSet(forms.BaseModelFormSet):
    def clean(self) -> None:
        super().clean()
        orders = [
            form.cleaned_data["order"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("order") is not None
        ]
        if len(orders) != len(set(orders)):
            raise forms.ValidationError(MSG_LEVEL_ORDER_TAKEN)


LeaveLevelFormSet = forms.modelformset_factory(
    LeaveApprovalLevel,
    form=LeaveLevelForm,
    formset=BaseLeaveLevelFormSet,
    extra=1,
    can_delete=True,
)
