"""The filter of the month overview: county and the state of the township's sheet. The month
itself is a field of the same form (the overview is of one month)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import units_q

from .forms import MonthField


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class MonthOverviewFilter(django_filters.FilterSet):
    MISSING, DRAFT, SUBMITTED = "missing", "draft", "submitted"
    STATES = [
        (MISSING, _("Not started")),
        (DRAFT, _("Draft")),
        (SUBMITTED, _("Submitted")),
    ]

    month = MonthFilter(label=_("Month"), method="keep")
    county = django_filters.ModelChoiceFilter(
        label=_("County"), field_name="parent", queryset=OrgUnit.objects.none()
    )
    state = django_filters.ChoiceFilter(label=_("Sheet"), choices=STATES, method="by_state")

    class Meta:
        model = OrgUnit
        fields = ["month", "county", "state"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["county"].queryset = OrgUnit.objects.filter(
            units_q(user), kind=OrgUnit.Kind.COUNTY
        ).order_by("name")

    def keep(self, queryset, name, value):
        return queryset  # the view builds the queryset for the month

    def by_state(self, queryset, name, value):
        if value == self.MISSING:
            return queryset.filter(sheet_id__isnull=True)
        return queryset.filter(sheet_status=value)
