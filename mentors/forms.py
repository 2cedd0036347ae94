from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import units_q
from cadets.forms import DATE_WIDGET, UnitChoiceField
from cadets.locking import add_lock_field

from .models import Mentor, MentoringConfig, Mentorship, MentorType, MonthlyFeedback, TalkRecord

# Narratives are personal: the browser must not offer them back in another form.
NARRATIVE = forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"})


class MentorForm(forms.ModelForm):
    class Meta:
        model = Mentor
        fields = ["name", "unit", "position", "expertise", "max_mentees"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            OrgUnit.objects.filter(units_q(user))
            .exclude(kind=OrgUnit.Kind.VILLAGE)
            .select_related("parent")
        )
        add_lock_field(self, self.instance)


class NewMentorForm(MentorForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        min_length=8,
        help_text=_("The mentor changes it after signing in for the first time."),
    )

    class Meta(MentorForm.Meta):
        fields = ["name", "username", "password", "unit", "position", "expertise", "max_mentees"]


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Mentor) -> str:
        return f"{obj.name}（{obj.unit} · {obj.position}）"


class MentorshipForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Mentor type"))

    class Meta:
        model = Mentorship
        fields = ["mentor", "kind", "is_primary", "starts_on"]
        widgets = {"starts_on": DATE_WIDGET}
        field_classes = {"mentor": MentorChoiceField}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = Mentor.objects.visible_to(user).select_related("unit")
        self.fields["kind"].choices = list(
            MentorType.objects.filter(active=True).values_list("code", "name")
        ) or list(MentorType.ensure_defaults().items())


class MentorshipEndForm(forms.Form):
    ends_on = forms.DateField(label=_("End date"), widget=DATE_WIDGET)


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = MonthlyFeedback
        fields = [
            "talk_on", "talk_form", "thinking", "work", "conduct", "life", "remark",
            "needs_attention", "attention_reason",
        ]  # fmt: skip
        widgets = {
            "talk_on": DATE_WIDGET,
            "talk_form": forms.RadioSelect,
            "thinking": NARRATIVE,
            "work": NARRATIVE,
            "conduct": NARRATIVE,
            "life": NARRATIVE,
            "remark": NARRATIVE,
            "attention_reason": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        labels = {
            "thinking": _("Guiding thinking (思想上引导)"),
            "work": _("Coaching work (工作上指导)"),
            "conduct": _("Tempering conduct (作风上锤炼)"),
            "life": _("Caring for daily life (生活上关心)"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["talk_form"].choices = [c for c in self.fields["talk_form"].choices if c[0]]
        self.fields["talk_form"].required = False


class TalkForm(forms.ModelForm):
    class Meta:
        model = TalkRecord
        fields = ["held_on", "form", "summary", "follow_up"]
        widgets = {
            "held_on": DATE_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
            "follow_up": forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        }


class MentoringConfigForm(forms.ModelForm):
    class Meta:
        model = MentoringConfig
        fields = ["feedback_due_day", "feedback_lock_day", "trainees_see_feedback"]
