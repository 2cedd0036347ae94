from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/chain/", views.item_chain, name="chain"),
    path("preferences/", views.preferences, name="preferences"),
    path("calendar/new/", views.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("operations/", views.operations, name="operations"),
    path("operations/deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("settings/", views.reminder_settings, name="settings"),
]
