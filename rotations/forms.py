from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.filters import county_choices, township_choices
from accounts.models import OrgUnit
from accounts.scoping import units_q
from cadets.forms import DATE_WIDGET, UnitChoiceField
from cadets.locking import add_lock_field
from cadets.models import Cohort, Trainee

from .models import KeyTask, Post, PostCategory, Rotation, RotationRules
from .services import attachment_check

MSG_POST_NOT_AVAILABLE = _("This post does not exist or is not within your responsibilities.")


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Post) -> str:
        label = f"{obj} ({obj.category.name})"
        return label if obj.is_active else f"{label} — {_('closed')}"


class RotationForm(forms.Form):
    """Assign a trainee to a post. The rules are checked by the service, so the page shows the
    same message as any other caller gets; the form only shapes the input."""

    post = PostChoiceField(
        label=_("Post"),
        queryset=Post.objects.none(),
        error_messages={"invalid_choice": MSG_POST_NOT_AVAILABLE},
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label=_("End date"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("The last day in the post, inclusive. Leave empty if not yet decided."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
    length_exception = forms.CharField(
        label=_("Reason for an exception to the months per post"),
        max_length=200,
        required=False,
        help_text=_(
            "Only when the rotation is deliberately shorter or longer than the rotation rules "
            "allow; kept with the rotation."
        ),
    )

    def __init__(self, *args, user, trainee, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Any post the user can see is accepted (the service explains why one of another
        # township does not fit); the list offers the trainee's own township's posts.
        field = self.fields["post"]
        field.queryset = Post.objects.visible_to(user).select_related("category", "village")
        own = field.queryset.filter(township=trainee.township_id)
        field.choices = [("", "---------")] + [
            (post.pk, field.label_from_instance(post)) for post in own
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "post",
            Row(Column("starts_on"), Column("ends_on")),
            "reason",
            "length_exception",
            Submit("save", _("Assign")),
        )


class RotationEndForm(forms.Form):
    ends_on = forms.DateField(label=_("New end date"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["name", "category", "township", "village", "capacity", "is_active", "description"]
        field_classes = {"township": UnitChoiceField, "village": UnitChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(units_q(user)).select_related("parent")
        self.fields["township"].queryset = units.filter(kind=OrgUnit.Kind.TOWNSHIP)
        self.fields["village"].queryset = units.filter(kind=OrgUnit.Kind.VILLAGE)
        self.fields["category"].queryset = PostCategory.objects.filter(is_active=True)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name"), Column("category")),
            Row(Column("township"), Column("village")),
            Row(Column("capacity"), Column("is_active")),
            "description",
            Submit("save", _("Save")),
        )
        add_lock_field(self, self.instance)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = PostCategory
        fields = ["name", "is_village", "colour", "sort_order", "is_active"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class RulesForm(forms.ModelForm):
    class Meta:
        model = RotationRules
        fields = [
            "required_categories",
            "min_months_per_post",
            "max_months_per_post",
            "village_max_months",
        ]
        widgets = {"required_categories": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["required_categories"].queryset = PostCategory.objects.filter(is_active=True)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))
        add_lock_field(self, self.instance)


class KeyTaskForm(forms.ModelForm):
    class Meta:
        model = KeyTask
        fields = ["kind", "title", "role", "starts_on", "ends_on", "description", "outcome"]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("kind"), Column("role")),
            "title",
            Row(Column("starts_on"), Column("ends_on")),
            "description",
            "outcome",
            Submit("save", _("Save")),
        )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment"),
        help_text=_("PDF, JPG, PNG, Word (.docx) or Excel (.xlsx), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        attachment_check(upload)
        return upload


class _ScopedFilter(django_filters.FilterSet):
    county = django_filters.ModelChoiceFilter(label=_("County"), queryset=OrgUnit.objects.none())
    township = django_filters.ModelChoiceFilter(
        label=_("Township"), queryset=OrgUnit.objects.none()
    )
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=Cohort.objects.all())

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["county"].queryset = county_choices(user)
        # Above the county level, the townships of the chosen county (accounts/filters.py).
        self.filters["township"].queryset = township_choices(user, self.data)


class CoverageFilter(_ScopedFilter):
    lacking = django_filters.ModelChoiceFilter(
        label=_("Still lacks"),
        queryset=PostCategory.objects.all(),
        method="filter_lacking",
        empty_label=_("Any"),
    )

    class Meta:
        model = Trainee
        fields = ["county", "township", "cohort", "lacking"]

    def filter_lacking(self, queryset, name, value):
        # Not yet served: no rotation in a post of that category has started by today.
        served = Rotation.objects.filter(
            trainee=OuterRef("pk"), post__category=value, starts_on__lte=timezone.localdate()
        )
        return queryset.filter(~Exists(served))


class TimelineFilter(_ScopedFilter):
    class Meta:
        model = Trainee
        fields = ["county", "township", "cohort"]


class TraineeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Trainee) -> str:
        return f"{obj.name} · {obj.township.name} · {obj.cohort}"


class PlannerStartForm(forms.Form):
    """Which trainees to plan for (a cohort, a county, a township or a list; the choices are
    combined) and the horizon. Every choice offered lies in the user's scope."""

    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.all(), required=False
    )
    county = UnitChoiceField(label=_("County"), queryset=OrgUnit.objects.none(), required=False)
    township = UnitChoiceField(label=_("Township"), queryset=OrgUnit.objects.none(), required=False)
    trainees = TraineeChoiceField(
        label=_("Or these trainees"),
        queryset=Trainee.objects.none(),
        required=False,
        help_text=_("Leave empty to plan for every trainee in training that matches the above."),
    )
    horizon_start = forms.DateField(
        label=_("First month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    horizon_months = forms.IntegerField(
        label=_("Months to plan"), min_value=1, max_value=36, initial=24
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(units_q(user)).select_related("parent").order_by("code")
        self.fields["county"].queryset = units.filter(kind=OrgUnit.Kind.COUNTY)
        self.fields["township"].queryset = units.filter(kind=OrgUnit.Kind.TOWNSHIP)
        self.in_training = (
            Trainee.objects.visible_to(user)
            .filter(status=Trainee.Status.TRAINING)
            .select_related("township", "cohort")
            .order_by("township__code", "name", "pk")
        )
        self.fields["trainees"].queryset = self.in_training
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("cohort"), Column("county"), Column("township")),
            "trainees",
            Row(Column("horizon_start"), Column("horizon_months")),
            Submit("run", _("Run the planner")),
        )

    def chosen(self):
        """The trainees chosen, and a label for the run."""
        data = self.cleaned_data
        if data.get("trainees"):
            chosen = list(data["trainees"])
            return chosen, ", ".join(t.name for t in chosen[:5]) + ("…" if len(chosen) > 5 else "")
        queryset = self.in_training
        parts = []
        for field in ("cohort", "county", "township"):
            value = data.get(field)
            if value is not None:
                queryset = queryset.filter(**{field: value})
                parts.append(value.name)
        return list(queryset), " · ".join(parts) or str(_("All trainees in training"))
