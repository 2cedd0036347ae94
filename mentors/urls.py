from django.urls import path

from . import views

app_name = "mentors"

urlpatterns = [
    path("", views.home, name="home"),
    path("mentors/", views.mentor_list, name="mentor_list"),
    path("mentors/new/", views.mentor_create, name="mentor_create"),
    path("mentors/<int:pk>/", views.mentor_detail, name="mentor_detail"),
    path("mentors/<int:pk>/edit/", views.mentor_update, name="mentor_update"),
    path("trainees/<int:pk>/pair/", views.mentorship_create, name="mentorship_create"),
    path("trainees/<int:pk>/talks/new/", views.talk_create, name="talk_create"),
    path("pairings/<int:pk>/end/", views.mentorship_end, name="mentorship_end"),
    path(
        "pairings/<int:pk>/feedback/<int:year>/<int:month>/",
        views.feedback_edit,
        name="feedback_edit",
    ),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("flagged/", views.flagged_list, name="flagged_list"),
    path("rules/", views.config_edit, name="config"),
]
