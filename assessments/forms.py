from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrgUnit
from accounts.scoping import units_q
from cadets.locking import add_lock_field
from cadets.models import Cohort
from cadets.text_limits import LONG_TEXT, SHORT_TEXT

from .models import (
    DEFAULT_DIMENSIONS,
    SCORE_MAX,
    Assessment,
    AssessmentCycle,
    AssessmentTemplate,
    BallotBatch,
    Grade,
    Outcome,
    RaterKind,
)
from .services import (
    MAX_BALLOTS,
    MSG_DIMENSION_WEIGHTS,
    MSG_PERIOD,
    MSG_POOL_REQUIRED,
    MSG_SCORE_RANGE,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TemplateForm(forms.ModelForm):
    """The template's own fields plus one row of fields per dimension."""

    class Meta:
        model = AssessmentTemplate
        fields = [
            "name", "weight_self", "weight_mentor", "weight_unit", "weight_org",
            "weight_democratic", "excellent_min", "competent_min", "basic_min",
            "ballot_excellent", "ballot_competent", "ballot_basic", "ballot_incompetent",
            "excellent_quota", "min_turnout",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            rows = [
                (d.code, d.name, d.weight, d.descriptor) for d in self.instance.dimensions.all()
            ]
        else:
            rows = [(code, name, 20, text) for code, name, text in DEFAULT_DIMENSIONS]
        self.dimension_codes = [code for code, *_ in rows]
        dimension_rows = []
        for code, name, weight, descriptor in rows:
            self.fields[f"dim_{code}_name"] = forms.CharField(
                label=_("Dimension"), max_length=20, initial=name
            )
            self.fields[f"dim_{code}_weight"] = forms.IntegerField(
                label=_("Weight (%)"), min_value=0, max_value=100, initial=weight
            )
            self.fields[f"dim_{code}_descriptor"] = forms.CharField(
                label=_("What it covers"), max_length=200, required=False, initial=descriptor
            )
            dimension_rows.append(
                Row(
                    Column(f"dim_{code}_name", css_class="col-md-2"),
                    Column(f"dim_{code}_weight", css_class="col-md-2"),
                    Column(f"dim_{code}_descriptor"),
                )
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "name",
            Fieldset(_("Dimensions (德能勤绩廉)"), *dimension_rows),
            Fieldset(
                _("Rater group weights (%)"),
                Row(
                    Column("weight_self"),
                    Column("weight_mentor"),
                    Column("weight_unit"),
                    Column("weight_org"),
                    Column("weight_democratic"),
                ),
            ),
            Fieldset(
                _("Grade bands and democratic evaluation"),
                Row(Column("excellent_min"), Column("competent_min"), Column("basic_min")),
                Row(
                    Column("ballot_excellent"),
                    Column("ballot_competent"),
                    Column("ballot_basic"),
                    Column("ballot_incompetent"),
                ),
                Row(Column("excellent_quota"), Column("min_turnout")),
            ),
            Submit("save", _("Save")),
        )
        add_lock_field(self, self.instance)

    def clean(self) -> dict:
        data = super().clean()
        weights = [data.get(f"dim_{code}_weight") for code in self.dimension_codes]
        if None not in weights and sum(weights) != 100:
            raise forms.ValidationError(MSG_DIMENSION_WEIGHTS.format(total=sum(weights)))
        return data

    def dimensions(self) -> list[dict]:
        return [
            {
                "code": code,
                "name": self.cleaned_data[f"dim_{code}_name"],
                "weight": self.cleaned_data[f"dim_{code}_weight"],
                "descriptor": self.cleaned_data[f"dim_{code}_descriptor"],
            }
            for code in self.dimension_codes
        ]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.parent} / {obj.name}" if obj.parent_id else obj.name


class CycleForm(forms.Form):
    # The name of a thing (名称), not of a person (姓名: "Name" without a context).
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=AssessmentCycle.Kind.choices)
    jurisdiction = UnitChoiceField(label=_("Jurisdiction"), queryset=OrgUnit.objects.none())
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=AssessmentTemplate.objects.filter(is_current=True)
    )
    cohort = forms.ModelChoiceField(
        label=_("Only this cohort"), queryset=Cohort.objects.all(), required=False
    )
    period_start = forms.DateField(label=_("Period from"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Period to"), widget=DATE_WIDGET)
    rating_deadline = forms.DateField(label=_("Rating deadline"), widget=DATE_WIDGET)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = (
            OrgUnit.objects.filter(units_q(user))
            .filter(kind__in=[OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY])
            .select_related("parent")
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name"), Column("kind")),
            Row(Column("jurisdiction"), Column("template"), Column("cohort")),
            Row(Column("period_start"), Column("period_end"), Column("rating_deadline")),
            Submit("save", _("Create cycle")),
        )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            raise forms.ValidationError(MSG_PERIOD)
        return data


class RatingForm(forms.Form):
    """One score field per dimension (0–100) and a comment; the self-report's comment is the
    述职 text."""

    def __init__(self, *args, dimensions, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        for dimension in self.dimensions:
            self.fields[f"score_{dimension.code}"] = forms.DecimalField(
                label=f"{dimension.name}（{dimension.weight}%）",
                help_text=dimension.descriptor,
                min_value=0,
                max_value=SCORE_MAX,
                max_digits=4,
                decimal_places=1,
                error_messages={
                    "min_value": MSG_SCORE_RANGE,
                    "max_value": MSG_SCORE_RANGE,
                    "invalid": MSG_SCORE_RANGE,
                    "max_digits": MSG_SCORE_RANGE,
                },
            )
        self.fields["comment"] = forms.CharField(
            label=_("Performance report (述职)") if kind == RaterKind.SELF else _("Comment"),
            max_length=LONG_TEXT,
            widget=forms.Textarea(attrs={"rows": 6 if kind == RaterKind.SELF else 3}),
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(*[Column(f"score_{d.code}", css_class="col-6 col-md") for d in self.dimensions]),
            "comment",
            Submit("submit", _("Submit")),
        )

    def scores(self) -> dict:
        return {d.code: self.cleaned_data[f"score_{d.code}"] for d in self.dimensions}


class BootstrapFields:
    """For forms a template writes field by field (`{{ field }}`) rather than through crispy:
    Bootstrap's classes on the widgets themselves, so the selects look like the rest."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxInput)):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            classes = widget.attrs.get("class", "").split()
            if css not in classes:
                widget.attrs["class"] = " ".join([*classes, css])


class ConfirmForm(BootstrapFields, forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    comment = forms.CharField(
        label=_("Assessment comment"),
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    DECISION_CHOICES = [("", "—"), *Assessment.ProbationDecision.choices]
    probation_decision = forms.ChoiceField(
        label=_("Probation decision"), choices=DECISION_CHOICES, required=False
    )

    def __init__(self, *args, probation: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not probation:
            del self.fields["probation_decision"]


class NoticeForm(BootstrapFields, forms.Form):
    starts_on = forms.DateField(label=_("Public notice from"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Public notice to"), widget=DATE_WIDGET)


class BallotIssueForm(BootstrapFields, forms.Form):
    group = forms.ChoiceField(label=_("Voter group"), choices=BallotBatch.Group.choices)
    count = forms.IntegerField(label=_("Number of ballots"), min_value=1, max_value=MAX_BALLOTS)


class VoteForm(forms.Form):
    code = forms.CharField(
        label=_("Ballot code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    grade = forms.ChoiceField(
        label=_("Your evaluation"), choices=Grade.choices, widget=forms.RadioSelect, required=False
    )


class AcknowledgeForm(forms.Form):
    objection = forms.CharField(
        label=_("Objection (leave empty to acknowledge without objection)"),
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["kind", "pool", "post", "reason", "decided_on"]
        widgets = {"decided_on": DATE_WIDGET, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("kind"), Column("pool"), Column("decided_on")),
            "post",
            "reason",
            Submit("save", _("Save")),
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == Outcome.Kind.TALENT_POOL and not data.get("pool"):
            self.add_error("pool", MSG_POOL_REQUIRED)
        return data
