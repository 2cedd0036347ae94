import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cadets.models import Cohort, Trainee

from .models import Grade, Outcome


class TalentPoolFilter(django_filters.FilterSet):
    """The talent pool: trainees with a talent-pool outcome, by cohort, pool, field (major)
    and grade history (at least N 优秀 in confirmed results)."""

    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=Cohort.objects.all())
    pool = django_filters.ChoiceFilter(
        label=_("Talent pool"), choices=Outcome.Pool.choices, method="filter_pool"
    )
    major = django_filters.CharFilter(label=_("Field (major)"), lookup_expr="icontains")
    min_excellent = django_filters.NumberFilter(
        label=_("At least this many 优秀"), method="filter_min_excellent", min_value=0
    )

    class Meta:
        model = Trainee
        fields = ["cohort", "pool", "major", "min_excellent"]

    def filter_pool(self, queryset, name, value):
        return queryset.filter(
            pk__in=Outcome.objects.filter(kind=Outcome.Kind.TALENT_POOL, pool=value).values(
                "trainee_id"
            )
        )

    def filter_min_excellent(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        return queryset.annotate(
            n_excellent=Count("assessments", filter=Q(assessments__grade=Grade.EXCELLENT))
        ).filter(n_excellent__gte=value)
