from django.urls import path

from . import views

app_name = "careers"

urlpatterns = [
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/new/<int:pk>/", views.transfer_create, name="transfer_create"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/decide/", views.transfer_decide, name="transfer_decide"),
    path("follow-up/", views.follow_up_list, name="follow_up_list"),
    path("follow-up/<int:pk>/new/", views.follow_up_create, name="follow_up_create"),
    path("follow-up/<int:pk>/close/", views.follow_up_close, name="follow_up_close"),
    path("matching/", views.profile_list, name="profile_list"),
    path("matching/new/", views.profile_edit, name="profile_create"),
    path("matching/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("matching/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("matching/<int:pk>/shortlist/", views.shortlist_save, name="shortlist_save"),
    path("shortlists/<int:pk>/", views.shortlist_detail, name="shortlist_detail"),
    path("shortlists/<int:pk>/outcomes/", views.shortlist_outcomes, name="shortlist_outcomes"),
    path("analysis/", views.analysis_view, name="analysis"),
    path("analysis/trainees/", views.analysis_trainees, name="analysis_trainees"),
    path("rules/", views.config_edit, name="config"),
]
