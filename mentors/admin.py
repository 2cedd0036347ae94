from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Mentor, Mentorship


@admin.register(Mentor)
class MentorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "position", "max_mentees"]
    search_fields = ["name"]
    list_select_related = ["unit"]


@admin.register(Mentorship)
class MentorshipAdmin(SimpleHistoryAdmin):
    list_display = ["trainee", "mentor", "kind", "is_primary", "starts_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["trainee", "mentor"]
    raw_id_fields = ["trainee", "mentor"]
