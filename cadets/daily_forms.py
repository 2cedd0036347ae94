"""Forms of daily management: leave and work reports. They clean input; services save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATE_WIDGET
from .models import MSG_LEAVE_END_BEFORE_START, LeaveRequest, WorkReport
from .text_limits import LONG_TEXT, SHORT_TEXT

PRIVATE_TEXT = {"rows": 3, "autocomplete": "off"}


class LeaveRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of leave"), choices=LeaveRequest.Kind.choices)
    starts_on = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"), max_length=SHORT_TEXT, widget=forms.Textarea(attrs=PRIVATE_TEXT)
    )

    def clean(self) -> dict:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", MSG_LEAVE_END_BEFORE_START)
        return data


class LeaveDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=500, widget=forms.TextInput()
    )


class LeaveReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Back at work on"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Return report"),
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs=PRIVATE_TEXT),
    )


class WorkReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of report"), choices=WorkReport.Kind.choices)
    period = forms.DateField(
        label=_("Period"),
        widget=DATE_WIDGET,
        help_text=_("Any day of the month or quarter reported on; for a work log, its day."),
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    content = forms.CharField(
        label=_("Content"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off"}),
    )


class ReportCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )
