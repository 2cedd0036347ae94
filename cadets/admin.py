from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Cohort, Programme, Trainee


@admin.register(Trainee)
class TraineeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cohort", "county", "township", "status"]
    list_filter = ["status", "stream", "cohort"]
    search_fields = ["name"]
    list_select_related = ["cohort", "county", "township"]
    raw_id_fields = ["user", "county", "township", "village"]


admin.site.register(Cohort)
admin.site.register(Programme, SimpleHistoryAdmin)
