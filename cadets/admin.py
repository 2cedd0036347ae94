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

# Daily management (issue 4): the rules are rows city staff and support edit here.
from .models import LeaveApprovalLevel, LeavePolicy, LeaveRequest, ReportPolicy, WorkReport  # noqa: E402

admin.site.register(LeaveApprovalLevel, SimpleHistoryAdmin)
admin.site.register(LeavePolicy, SimpleHistoryAdmin)
admin.site.register(ReportPolicy, SimpleHistoryAdmin)


@admin.register(LeaveRequest)
class LeaveRequestAdmin(SimpleHistoryAdmin):
    list_display = ["trainee", "kind", "starts_on", "ends_on", "days", "status"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["trainee", "created_by"]


@admin.register(WorkReport)
class WorkReportAdmin(SimpleHistoryAdmin):
    list_display = ["trainee", "kind", "period", "title"]
    list_filter = ["kind"]
    raw_id_fields = ["trainee", "author"]
