import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import StyledFilterSet

from .models import CareRecord, Difficulty, Entitlement, EntitlementType


class _ByName(StyledFilterSet):
    q = django_filters.CharFilter(
        label=_("Trainee"), field_name="trainee__name", lookup_expr="contains"
    )


class DifficultyFilter(_ByName):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Difficulty.Status.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Difficulty.Category.choices)

    class Meta:
        model = Difficulty
        fields = ["q", "status", "category"]


class CareRecordFilter(_ByName):
    kind = django_filters.ChoiceFilter(label=_("Kind of care"), choices=CareRecord.Kind.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=CareRecord.Level.choices)

    class Meta:
        model = CareRecord
        fields = ["q", "kind", "level"]


class EntitlementFilter(_ByName):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="type__kind", choices=EntitlementType.Kind.choices
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=Entitlement.State.choices)

    class Meta:
        model = Entitlement
        fields = ["q", "kind", "state"]
