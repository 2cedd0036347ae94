import django_filters
from django import forms
from django.contrib.postgres.fields import ArrayField
from django.db import connections, models
from django.db.models import Func
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.filters import StyledFilterSet, county_choices, township_choices
from accounts.models import OrgUnit

from .models import Cohort, Trainee

# django-filter's label of a descending sort option, so that our catalogue translates it (its
# own has no Simplified Chinese): "姓名（降序）", not "姓名 (descending)".
DESCENDING_LABEL = _("%s (descending)")
MSG_CHOOSE_COUNTY_FIRST = _("All — choose a county to list its townships")


class TiesByIdOrdering(django_filters.OrderingFilter):
    """Ties (a cohort, a day) broken by id, so that no trainee shows on two pages."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value if param), "pk")


class TraineeFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="search")
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=Cohort.objects.all())
    county = django_filters.ModelChoiceFilter(label=_("County"), queryset=OrgUnit.objects.none())
    township = django_filters.ModelChoiceFilter(
        label=_("Township"), queryset=OrgUnit.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Trainee.Status.choices)
    stream = django_filters.ChoiceFilter(label=_("Stream"), choices=Trainee.Stream.choices)
    order = TiesByIdOrdering(
        label=_("Sort by"),
        fields=(("name", "name"), ("cohort__year", "cohort"), ("reported_on", "reported_on")),
        field_labels={
            "name": _("Name"),
            "cohort__year": _("Cohort"),
            "reported_on": _("Date reported"),
        },
    )

    class Meta:
        model = Trainee
        fields = ["q", "cohort", "county", "township", "status", "stream"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["county"].queryset = county_choices(user)
        self.filters["township"].queryset = township_choices(user, self.data)
        self.follow_the_county()

    def follow_the_county(self) -> None:
        """Above the county level the township list depends on the chosen county: choosing one
        fetches this page and swaps in its township select (htmx); until then the township's
        empty choice says so. Set on the filters, before django-filter builds the form."""
        unit = getattr(self.user, "org_unit", None)
        above_county = self.user.is_superuser or (
            unit is not None and unit.kind in (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.CITY)
        )
        if not above_county:
            return  # county and township staff: their townships are all offered already
        self.filters["county"].extra["widget"] = forms.Select(
            attrs={
                "data-hx-get": reverse("cadets:trainee_list"),
                "data-hx-trigger": "change",
                "data-hx-include": "closest form",
                "data-hx-select": "#id_township",
                "data-hx-target": "#id_township",
                "data-hx-swap": "outerHTML",
            }
        )
        if not self.data.get("county") and not self.data.get("township"):
            self.filters["township"].extra["empty_label"] = MSG_CHOOSE_COUNTY_FIRST

    def search(self, queryset, name, value):
        # One `LIKE '%…%'`: it finds the names that start with the text too, and costs the
        # database one pass over the names instead of two (an OR of a prefix test). Longer
        # texts find their names through the trigram index; two characters, too short for
        # trigrams, through the bigram index (cadets 0009) on PostgreSQL.
        value = value.strip()
        if not value:
            return queryset
        if len(value) == 2 and connections[queryset.db].vendor == "postgresql":
            queryset = queryset.alias(name_bigrams=NameBigrams("name")).filter(
                name_bigrams__contains=[value]
            )
        return queryset.filter(name__contains=value)


class NameBigrams(Func):
    """The two-character pieces of a text (cadets 0009's `xd_bigrams`, PostgreSQL only)."""

    function = "xd_bigrams"
    output_field = ArrayField(models.TextField())
