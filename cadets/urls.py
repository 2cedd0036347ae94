from django.urls import path

from . import plan_views, views

app_name = "cadets"

urlpatterns = [
    path("", views.trainee_list, name="trainee_list"),
    path("new/", views.trainee_create_view, name="trainee_create"),
    path("<int:pk>/", views.trainee_detail, name="trainee_detail"),
    path("<int:pk>/edit/", views.trainee_update_view, name="trainee_update"),
    path("me/", views.me, name="me"),
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
