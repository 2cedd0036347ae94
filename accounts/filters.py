"""The base of every list filter in the product: Bootstrap widgets and a "全部" empty choice
(FILTERS_EMPTY_CHOICE_LABEL), so each app's FilterSet declares only its fields.

Township choices are bounded (`township_choices`): a province or city has thousands of
townships, too many for a drop-down; above the county level the townships offered are those
of the chosen county."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from .models import OrgUnit
from .scoping import units_q


class _StyledForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )


class StyledFilterSet(django_filters.FilterSet):
    # Styling happens in the form class, not in FilterSet.__init__: touching `self.form` there
    # would build the form before a subclass narrows its choices to the user's scope.
    def get_form_class(self):
        return type("StyledFilterForm", (_StyledForm, super().get_form_class()), {})


def county_choices(user) -> QuerySet:
    """Counties a filter offers: those of the user's scope (accounts.scoping.units_q)."""
    return OrgUnit.objects.filter(units_q(user), kind=OrgUnit.Kind.COUNTY).order_by("code")


def township_choices(user, data) -> QuerySet:
    """Townships a filter offers: those of the user's scope, and above the county level only
    those of the chosen county (and the chosen township itself)."""
    units = OrgUnit.objects.filter(units_q(user), kind=OrgUnit.Kind.TOWNSHIP).order_by("code")
    unit = getattr(user, "org_unit", None)
    if user.is_superuser or unit is None or unit.kind in (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.CITY):
        data = data or {}
        county, township = str(data.get("county", "")), str(data.get("township", ""))
        if not (county.isdigit() or township.isdigit()):
            return units.none()  # none to offer, and nothing to ask the database
        bound = Q(pk__in=[])
        if county.isdigit():
            bound |= Q(parent_id=county)
        if township.isdigit():
            bound |= Q(pk=township)
        units = units.filter(bound)
    return units
