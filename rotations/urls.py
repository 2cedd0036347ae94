from django.urls import path

from . import views, views_planner

app_name = "rotations"

urlpatterns = [
    path("coverage/", views.coverage_list, name="coverage_list"),
    path("timeline/", views.timeline_view, name="timeline"),
    path("trainee/<int:pk>/", views.trainee_rotations, name="trainee_rotations"),
    path("trainee/<int:pk>/assign/", views.rotation_assign_view, name="rotation_assign"),
    path("<int:pk>/end/", views.rotation_end_view, name="rotation_end"),
    path("<int:pk>/move/", views.rotation_move_view, name="rotation_move"),
    path("<int:pk>/cancel/", views.rotation_cancel_view, name="rotation_cancel"),
    path("posts/", views.post_list, name="post_list"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/edit/", views.post_update, name="post_update"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/edit/", views.category_update, name="category_update"),
    path("rules/", views.rules_update, name="rules"),
    path("trainee/<int:pk>/tasks/new/", views.keytask_create, name="keytask_create"),
    path("tasks/<int:pk>/", views.keytask_detail, name="keytask_detail"),
    path("tasks/<int:pk>/edit/", views.keytask_update, name="keytask_update"),
    path("tasks/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("planner/", views_planner.planner_start, name="planner"),
    path("planner/<int:pk>/", views_planner.planner_run, name="planner_run"),
    path("planner/<int:pk>/progress/", views_planner.planner_progress, name="planner_progress"),
    path("planner/<int:pk>/pin/", views_planner.planner_pin, name="planner_pin"),
    path("planner/<int:pk>/remove/", views_planner.planner_remove, name="planner_remove"),
    path("planner/<int:pk>/rerun/", views_planner.planner_rerun, name="planner_rerun"),
    path("planner/<int:pk>/accept/", views_planner.planner_accept, name="planner_accept"),
    path("planner/<int:pk>/discard/", views_planner.planner_discard, name="planner_discard"),
]
