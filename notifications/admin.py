from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CalendarFeed,
    Delivery,
    Notification,
    NotificationPreference,
    ReminderSettings,
    SweepRun,
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "period", "escalation_level", "created_at"]
    list_filter = ["kind", "escalation_level"]
    raw_id_fields = ["recipient", "unit", "sweep", "digest"]
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["key", "channel", "recipient", "status", "attempts", "queued_at", "sent_at"]
    list_filter = ["status", "channel"]
    raw_id_fields = ["recipient", "notification"]


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "today", "created_count", "queued_count"]


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(SimpleHistoryAdmin):
    pass


admin.site.register(NotificationPreference)
# Only the hash of a feed token is stored; the admin can revoke (delete) but never read one.
admin.site.register(CalendarFeed)
