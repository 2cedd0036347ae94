from django.urls import path

from . import views

app_name = "education"

urlpatterns = [
    path("", views.course_list_view, name="course_list"),
    path("new/", views.course_create, name="course_create"),
    path("<int:pk>/", views.course_detail, name="course_detail"),
    path("<int:pk>/change/", views.course_edit, name="course_edit"),
    path("<int:pk>/enrol/", views.course_enrol, name="course_enrol"),
    path("<int:pk>/record/", views.course_record, name="course_record"),
    path("hours/", views.hours, name="hours"),
    path("rules/", views.rules_edit, name="rules"),
]
