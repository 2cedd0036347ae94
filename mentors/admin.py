from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Mentor, MentoringConfig, Mentorship, MentorType, MonthlyFeedback, TalkRecord


@admin.register(Mentor)
class MentorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "position", "max_mentees"]
    search_fields = ["name"]
    list_select_related = ["unit"]


@admin.register(Mentorship)
class MentorshipAdmin(SimpleHistoryAdmin):
    list_display = ["trainee", "mentor", "kind", "is_primary", "starts_on", "ends_on"]
    list_select_related = ["trainee", "mentor"]
    raw_id_fields = ["trainee", "mentor"]


admin.site.register(MentorType)
admin.site.register(MentoringConfig, SimpleHistoryAdmin)


@admin.register(MonthlyFeedback)
class MonthlyFeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["mentorship", "month", "status", "needs_attention"]
    list_filter = ["status", "needs_attention"]
    raw_id_fields = ["mentorship", "author"]


@admin.register(TalkRecord)
class TalkRecordAdmin(SimpleHistoryAdmin):
    list_display = ["trainee", "held_on", "form", "author"]
    raw_id_fields = ["trainee", "author"]
