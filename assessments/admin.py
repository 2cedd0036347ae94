from django.contrib import admin

from .models import Assessment, AssessmentCycle, AssessmentTemplate, Dimension, Outcome


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0


@admin.register(AssessmentTemplate)
class AssessmentTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_current", "excellent_quota"]
    inlines = [DimensionInline]


@admin.register(AssessmentCycle)
class AssessmentCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "jurisdiction", "period_start", "period_end", "status"]
    list_filter = ["kind", "status"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read only: grades are confirmed through the service, which applies the 优秀 quota."""

    list_display = ["trainee", "cycle", "grade", "score", "acknowledged_at"]
    list_filter = ["grade"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["trainee", "kind", "pool", "decided_on"]
