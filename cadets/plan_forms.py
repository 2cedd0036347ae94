from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cadets.locking import add_lock_field

from .forms import DATE_WIDGET
from .models import TrainingPlan
from .text_limits import SHORT_TEXT

PART_HELP = {
    "goals": _("What the trainee should learn and become during grassroots training."),
    "duties": _("The posts and the duties the trainee takes on."),
    "tasks": _("Concrete tasks, research and front-line work required."),
    "outcomes": _("What should be achieved, and by when."),
    "standards": _("How the results will be assessed."),
}


class PlanForm(forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = [*TrainingPlan.PARTS, "change_note"]
        widgets = {part: forms.Textarea(attrs={"rows": 4}) for part in TrainingPlan.PARTS}
        help_texts = PART_HELP

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        add_lock_field(self, self.instance)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=100)
    due_on = forms.DateField(label=_("Due on"), widget=DATE_WIDGET)


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=2, can_delete=True)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when returning the plan: say what should change."),
    )


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
