from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cadets.models import WorkReport
from rotations.models import KeyTask

from .models import (
    Award,
    ConductSettings,
    Discipline,
    ExemplaryCase,
    ToleranceCase,
    ToleranceCondition,
)

MSG_GIVE_DECISION_DATE = _("Give the date of the decision.")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4, "autocomplete": "off"})


class ToleranceCaseForm(forms.ModelForm):
    class Meta:
        model = ToleranceCase
        fields = [
            "occurred_on",
            "what_happened",
            "conditions_met",
            "assessment",
            "decision",
            "decided_on",
            "follow_up",
        ]
        widgets = {
            "occurred_on": DATE,
            "decided_on": DATE,
            "what_happened": TEXT,
            "assessment": TEXT,
            "follow_up": TEXT,
            "conditions_met": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conditions_met"].queryset = ToleranceCondition.objects.filter(active=True)

    def clean(self):
        cleaned = super().clean()
        decided = cleaned.get("decision") not in (None, "", ToleranceCase.Decision.PENDING)
        if decided and not cleaned.get("decided_on"):
            self.add_error("decided_on", MSG_GIVE_DECISION_DATE)
        if not decided and cleaned.get("decided_on"):
            self.add_error("decided_on", _("A case not yet decided has no decision date."))
        if decided and not (cleaned.get("assessment") or "").strip():
            self.add_error("assessment", _("Record the assessment the decision rests on."))
        return cleaned


class AwardForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["kind", "title", "awarded_on", "issued_by", "document_number"]
        widgets = {"awarded_on": DATE}


class DisciplineForm(forms.ModelForm):
    class Meta:
        model = Discipline
        fields = [
            "kind",
            "decided_on",
            "issued_by",
            "document_number",
            "reason",
            "effective_from",
            "effective_until",
        ]
        widgets = {
            "decided_on": DATE,
            "effective_from": DATE,
            "effective_until": DATE,
            "reason": TEXT,
        }


class ExemplaryCaseForm(forms.ModelForm):
    class Meta:
        model = ExemplaryCase
        fields = ["source", "key_task", "report", "title", "write_up"]
        widgets = {"write_up": TEXT}

    def __init__(self, *args, trainee, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key_task"].queryset = KeyTask.objects.filter(trainee=trainee)
        self.fields["report"].queryset = WorkReport.objects.filter(trainee=trainee).exclude(
            kind=WorkReport.Kind.LOG
        )

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source == ExemplaryCase.Source.TASK and not cleaned.get("key_task"):
            self.add_error("key_task", _("Choose the task."))
        if source == ExemplaryCase.Source.REPORT and not cleaned.get("report"):
            self.add_error("report", _("Choose the report."))
        if source != ExemplaryCase.Source.TASK:
            cleaned["key_task"] = None
        if source != ExemplaryCase.Source.REPORT:
            cleaned["report"] = None
        return cleaned


class ConductSettingsForm(forms.ModelForm):
    class Meta:
        model = ConductSettings
        fields = ["trainees_see_exemplary"]


class ToleranceConditionForm(forms.ModelForm):
    class Meta:
        model = ToleranceCondition
        fields = ["text", "order", "active"]
