from django.urls import path

from . import views

app_name = "conduct"

urlpatterns = [
    path("tolerance/", views.tolerance_list, name="tolerance_list"),
    path("tolerance/<int:pk>/", views.tolerance_detail, name="tolerance_detail"),
    path("tolerance/<int:pk>/edit/", views.tolerance_update, name="tolerance_update"),
    path("trainees/<int:pk>/tolerance/new/", views.tolerance_create, name="tolerance_create"),
    path("awards/", views.award_list, name="award_list"),
    path("trainees/<int:pk>/awards/new/", views.award_create, name="award_create"),
    path("discipline/", views.discipline_list, name="discipline_list"),
    path("discipline/<int:pk>/", views.discipline_detail, name="discipline_detail"),
    path("trainees/<int:pk>/discipline/new/", views.discipline_create, name="discipline_create"),
    path("exemplary/", views.exemplary_list, name="exemplary_list"),
    path("trainees/<int:pk>/exemplary/new/", views.exemplary_create, name="exemplary_create"),
    path("rules/", views.rules_edit, name="rules"),
    path("rules/conditions/new/", views.condition_edit, name="condition_create"),
    path("rules/conditions/<int:pk>/edit/", views.condition_edit, name="condition_update"),
]
