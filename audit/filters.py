import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.filters import StyledFilterSet

from .models import AuditEvent


class AuditEventFilter(StyledFilterSet):
    person = django_filters.CharFilter(
        label=_("Person"), field_name="actor_label", lookup_expr="exact"
    )
    subject = django_filters.CharFilter(label=_("Subject"), method="by_subject")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditEvent.Action.choices)
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="occurred_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="occurred_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["person", "subject", "action", "since", "until"]

    def by_subject(self, queryset, name, value):
        return (
            queryset.filter(subject_label__startswith=value.strip()) if value.strip() else queryset
        )
