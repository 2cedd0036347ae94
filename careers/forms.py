from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit
from accounts.scoping import units_q
from assessments.models import Outcome
from cadets.models import Trainee
from rotations.models import KeyTask, PostCategory

from .models import CareersConfig, FollowUp, PostProfile, Transfer

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*layout)
    return helper


class TransferForm(forms.ModelForm):
    class Meta:
        model = Transfer
        fields = [
            "kind", "effective_on", "document_number", "from_unit", "from_body", "to_unit",
            "to_body", "to_post", "reason",
        ]  # fmt: skip
        widgets = {"effective_on": DATE_WIDGET, "reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "reason": _("Required when the transfer falls inside the minimum service period."),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Any unit of the tree may be where the trainee comes from; the destination is a
        # township or village (the placement), anything else is written out.
        self.fields["from_unit"].queryset = OrgUnit.objects.order_by("code", "pk")
        self.fields["to_unit"].queryset = OrgUnit.objects.filter(
            kind__in=[OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE]
        ).order_by("code", "pk")
        self.helper = _helper(
            Row(Column("kind"), Column("effective_on"), Column("document_number")),
            Row(Column("from_unit"), Column("from_body")),
            Row(Column("to_unit"), Column("to_body"), Column("to_post")),
            "reason",
            Submit("save", _("Submit for approval")),
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=pgettext_lazy("careers", "Comment"), max_length=500, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("decision", "comment", Submit("save", _("Record the decision")))


class TransferFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Transfer.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Transfer.Status.choices)

    class Meta:
        model = Transfer
        fields = ["kind", "status"]


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = [
            "year", "unit", "post", "rank", "annual_grade", "promoted", "promotion",
            "notable_work",
        ]  # fmt: skip
        widgets = {"notable_work": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("year"), Column("unit"), Column("post"), Column("rank")),
            Row(Column("annual_grade"), Column("promoted"), Column("promotion")),
            "notable_work",
            Submit("save", _("Save")),
        )


class ClosureForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE_WIDGET)
    reason = forms.CharField(label=pgettext_lazy("careers", "Reason"), max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("closed_on"), Column("reason")), Submit("save", _("Close the follow-up"))
        )


class ProfileForm(forms.ModelForm):
    task_kinds = forms.MultipleChoiceField(
        label=_("Front-line tasks of these kinds"),
        choices=KeyTask.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    educations = forms.MultipleChoiceField(
        label=_("Education"),
        choices=Trainee.Education.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    political_statuses = forms.MultipleChoiceField(
        label=_("Political status"),
        choices=Trainee.PoliticalStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PostProfile
        fields = [
            "name", "description", "scope", "categories", "task_kinds", "min_grade",
            "recent_assessments", "major_keywords", "educations", "age_min", "age_max",
            "political_statuses", "counties",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "categories": forms.CheckboxSelectMultiple,
            "counties": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = PostCategory.objects.filter(is_active=True)
        self.fields["counties"].queryset = OrgUnit.objects.filter(
            units_q(user), kind=OrgUnit.Kind.COUNTY
        ).order_by("code", "pk")
        self.fields["min_grade"].help_text = _("Leave empty to ask nothing of the grades.")
        self.helper = _helper(
            Row(Column("name"), Column("scope")),
            "description",
            "categories",
            "task_kinds",
            Row(Column("min_grade"), Column("recent_assessments")),
            Row(Column("major_keywords"), Column("age_min"), Column("age_max")),
            Row(Column("educations"), Column("political_statuses")),
            "counties",
            Submit("save", _("Find trainees")),
        )


class ShortlistForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class OutcomesForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("careers", "Outcome"),
        choices=[
            (Outcome.Kind.PLACEMENT, Outcome.Kind.PLACEMENT.label),
            (Outcome.Kind.PROMOTION, Outcome.Kind.PROMOTION.label),
        ],
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_WIDGET)


class ConfigForm(forms.ModelForm):
    class Meta:
        model = CareersConfig
        fields = ["transfer_approval_levels", "follow_up_years", "follow_up_due_days"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "transfer_approval_levels", "follow_up_years", "follow_up_due_days",
            Submit("save", _("Save")),
        )  # fmt: skip
