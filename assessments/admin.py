from django.contrib import admin

from .models import AssessmentCycle, AssessmentTemplate, Dimension, Outcome


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


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["trainee", "kind", "pool", "decided_on"]
