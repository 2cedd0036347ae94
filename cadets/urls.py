from django.urls import path, register_converter

from . import leave_views, plan_views, programme_views, report_views, reveal, views
from .panels import SectionConverter

app_name = "cadets"
register_converter(SectionConverter, "section")

urlpatterns = [
    path("", views.trainee_list, name="trainee_list"),
    path("new/", views.trainee_create_view, name="trainee_create"),
    path("<int:pk>/", views.trainee_detail, name="trainee_detail"),
    # The other sections of the trainee page (cadets/panels.py, SECTIONS).
    path("<int:pk>/<section:section>/", views.trainee_detail, name="trainee_section"),
    path("<int:pk>/edit/", views.trainee_update_view, name="trainee_update"),
    path("me/", views.me, name="me"),
    path("me/<section:section>/", views.me, name="me_section"),
    path("rules/", programme_views.programme_rules, name="programme_rules"),
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
    # The individual training plan (cadets/plan_views.py).
    path("<int:pk>/plan/", plan_views.plan_detail, name="plan_detail"),
    path("<int:pk>/plan/v<int:version>/", plan_views.plan_detail, name="plan_version"),
    path("<int:pk>/plan/edit/", plan_views.plan_edit, name="plan_edit"),
    path("<int:pk>/plan/submit/", plan_views.plan_submit_view, name="plan_submit"),
    path("<int:pk>/plan/review/", plan_views.plan_review, name="plan_review"),
    path("<int:pk>/plan/acknowledge/", plan_views.plan_acknowledge_view, name="plan_acknowledge"),
    path("<int:pk>/plan/compare/", plan_views.plan_compare, name="plan_compare"),
    path("<int:pk>/plan/print/", plan_views.plan_print, name="plan_print"),
    path(
        "<int:pk>/plan/milestones/<int:milestone_pk>/done/",
        plan_views.milestone_done,
        name="milestone_done",
    ),
]
