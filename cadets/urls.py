from django.urls import path

from . import reveal, views

app_name = "cadets"

urlpatterns = [
    path("", views.trainee_list, name="trainee_list"),
    path("new/", views.trainee_create_view, name="trainee_create"),
    path("<int:pk>/", views.trainee_detail, name="trainee_detail"),
    path("<int:pk>/edit/", views.trainee_update_view, name="trainee_update"),
    path("me/", views.me, name="me"),
    path("<int:pk>/reveal/<str:field>/", reveal.trainee_reveal, name="trainee_reveal"),
]
