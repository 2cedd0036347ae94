from django.urls import path

from . import leave_views, report_views, reveal, views

app_name = "cadets"

urlpatterns = [
    path("", views.trainee_list, name="trainee_list"),
    path("new/", views.trainee_create_view, name="trainee_create"),
    path("<int:pk>/", views.trainee_detail, name="trainee_detail"),
    path("<int:pk>/edit/", views.trainee_update_view, name="trainee_update"),
    path("me/", views.me, name="me"),
    path("<int:pk>/reveal/<str:field>/", reveal.trainee_reveal, name="trainee_reveal"),
    # Daily management (issue 4): leave and work reports.
    path("leave/", leave_views.leave_list, name="leave_list"),
    path("leave/new/", leave_views.leave_create, name="leave_create"),
    path("leave/<int:pk>/", leave_views.leave_detail, name="leave_detail"),
    path("leave/<int:pk>/decide/", leave_views.leave_decide, name="leave_decide"),
    path("leave/<int:pk>/return/", leave_views.leave_return, name="leave_return"),
    path("leave/<int:pk>/cancel/", leave_views.leave_cancel, name="leave_cancel"),
    path("reports/", report_views.report_list, name="report_list"),
    path("reports/missing/", report_views.report_missing, name="report_missing"),
    path("reports/new/", report_views.report_create, name="report_create"),
    path("reports/<int:pk>/", report_views.report_detail, name="report_detail"),
    path("reports/<int:pk>/comment/", report_views.report_comment, name="report_comment"),
]
