"""The base of every list filter in the product: Bootstrap widgets and a "全部" empty choice
(FILTERS_EMPTY_CHOICE_LABEL), so each app's FilterSet declares only its fields.

At province scale (issue 9) two more rules hold for every filter form:
- **One query for all the choices.** The choices of every model-choice field (cohorts,
  counties, townships, categories …) are fetched together, one UNION ALL, instead of one query
  a field (`OneQueryChoices`). A chosen value is still checked against its field's queryset.
- **Bounded township choices** (`township_choices`): a province or city has thousands of
  townships, too many for a drop-down; above the county level the townships offered are those
  of the chosen county."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber

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


def load_choices(form: forms.Form) -> None:
    """Give every model-choice field of `form` its choices from one query (see module doc).

    Each field's list is compiled by Django (its queryset, numbered in its order); the UNION
    ALL around them is written here and read with a plain cursor: Django's union of the parts
    and its row handling cost a filter page more than the rest of its form (issue 9)."""
    parts, params = [], []
    fields = {}
    using = "default"
    for position, field in enumerate(form.fields.values()):
        queryset = getattr(field, "queryset", None)
        if not isinstance(queryset, QuerySet) or not isinstance(field, forms.ModelChoiceField):
            continue
        name = next((f for f in queryset.model._meta.concrete_fields if f.name == "name"), None)
        # A name the database stores as it shows (no conversion when read), read raw below.
        if name is None or hasattr(name, "from_db_value"):
            continue
        fields[position] = field
        if queryset.query.is_empty():
            continue
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering or ["pk"])
        numbered = (
            queryset.annotate(_n=Window(RowNumber(), order_by=ordering))
            .order_by()
            .values_list("_n", "pk", "name")
        )
        try:
            sql, part_params = numbered.query.sql_with_params()
        except EmptyResultSet:  # nothing to offer, as `pk__in=[]`
            continue
        parts.append(f"SELECT {position:d} AS f, part.* FROM ({sql}) part")  # noqa: S608
        params.extend(part_params)
        using = queryset.db
    rows: dict[int, list] = {position: [] for position in fields}
    if parts:
        with connections[using].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            # (field, number in the field's order): each field's choices in its order.
            for position, _n, pk, label in sorted(cursor.fetchall(), key=_field_and_number):
                rows[position].append((pk, label))
    for position, field in fields.items():
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        field.widget.choices = empty + rows[position]


def _field_and_number(row: tuple) -> tuple[int, int]:
    return row[0], row[1]


class OneQueryChoices:
    """FilterSet mixin: the form's model choices come from one query (load_choices)."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            load_choices(form)
            return form
        return self._form


class StyledFilterSet(OneQueryChoices, django_filters.FilterSet):
    # Styling happens in the form class, not in FilterSet.__init__: touching `self.form` there
    # would build the form before a subclass narrows its choices to the user's scope.
    def get_form_class(self):
        return type("StyledFilterForm", (_StyledForm, super().get_form_class()), {})


# Units whose staff's scope is known from the unit itself, without walking the tree.
BELOW_CITY = (OrgUnit.Kind.COUNTY, OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE)


def county_choices(user) -> QuerySet:
    """Counties a filter offers: those of the user's scope. For city and province staff the
    list loaded with the user (accounts/backends.py) instead of walking the unit tree."""
    counties = OrgUnit.objects.filter(kind=OrgUnit.Kind.COUNTY).order_by("code")
    unit = getattr(user, "org_unit", None)
    if user.is_superuser or getattr(user, "scope_all_counties", False):
        return counties
    county_ids = getattr(user, "scope_county_ids", None)
    if county_ids is not None:
        return counties.filter(pk__in=county_ids)
    if unit is not None and user.is_org_staff and unit.kind in BELOW_CITY:
        # Below the city: their own county, or none (the unit tree, without walking it).
        return counties.filter(pk=unit.pk) if unit.kind == OrgUnit.Kind.COUNTY else counties.none()
    return counties.filter(units_q(user))


def township_choices(user, data) -> QuerySet:
    """Townships a filter offers: those of the user's scope, and above the county level only
    those of the chosen county (and the chosen township itself)."""
    units = _townships_in_scope(user)
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


def _townships_in_scope(user) -> QuerySet:
    """accounts.scoping.units_q's townships, from what the request's user already carries
    where it can (units_q joins the unit tree four levels up)."""
    townships = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).order_by("code")
    if user.is_superuser or getattr(user, "scope_all_counties", False):
        return townships
    county_ids = getattr(user, "scope_county_ids", None)
    if county_ids is not None:
        return townships.filter(parent_id__in=county_ids)
    unit = getattr(user, "org_unit", None)
    if unit is not None and user.is_org_staff and unit.kind in BELOW_CITY:
        if unit.kind == OrgUnit.Kind.COUNTY:
            return townships.filter(parent_id=unit.pk)
        if unit.kind == OrgUnit.Kind.TOWNSHIP:
            return townships.filter(pk=unit.pk)
        if unit.kind == OrgUnit.Kind.VILLAGE:
            return townships.none()
    return townships.filter(units_q(user))
