import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import StyledFilterSet

from .models import Award, Discipline, ExemplaryCase, ToleranceCase


class _ByName(StyledFilterSet):
    q = django_filters.CharFilter(
        label=_("Trainee"), field_name="trainee__name", lookup_expr="contains"
    )


class ToleranceCaseFilter(_ByName):
    decision = django_filters.ChoiceFilter(
        label=_("Decision"), choices=ToleranceCase.Decision.choices
    )

    class Meta:
        model = ToleranceCase
        fields = ["q", "decision"]


class AwardFilter(_ByName):
    kind = django_filters.ChoiceFilter(label=_("Kind of award"), choices=Award.Kind.choices)

    class Meta:
        model = Award
        fields = ["q", "kind"]


class DisciplineFilter(_ByName):
    kind = django_filters.ChoiceFilter(label=_("Kind of measure"), choices=Discipline.Kind.choices)

    class Meta:
        model = Discipline
        fields = ["q", "kind"]


class ExemplaryCaseFilter(_ByName):
    source = django_filters.ChoiceFilter(
        label=_("What is exemplary"), choices=ExemplaryCase.Source.choices
    )

    class Meta:
        model = ExemplaryCase
        fields = ["q", "source"]
