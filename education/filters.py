"""Filters of the course list and the hours list."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import units_q
from cadets.models import Cohort, Trainee

from .models import Course


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Course.Kind.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="starts_on", lookup_expr="year")

    class Meta:
        model = Course
        fields = ["q", "kind", "year"]


class HoursFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    county = django_filters.ModelChoiceFilter(label=_("County"), queryset=OrgUnit.objects.none())
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=Cohort.objects.all())
    short = django_filters.BooleanFilter(
        label=_("Short of the required hours"), method="only_short"
    )

    class Meta:
        model = Trainee
        fields = ["q", "county", "cohort", "short"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["county"].queryset = OrgUnit.objects.filter(
            units_q(user), kind=OrgUnit.Kind.COUNTY
        ).order_by("name")

    def only_short(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(short=value)
