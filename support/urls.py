from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("difficulties/", views.difficulty_list, name="difficulty_list"),
    path("difficulties/<int:pk>/", views.difficulty_detail, name="difficulty_detail"),
    path("trainees/<int:pk>/difficulties/new/", views.difficulty_create, name="difficulty_create"),
    path("care/", views.care_list, name="care_list"),
    path("trainees/<int:pk>/care/new/", views.care_create, name="care_create"),
    path("entitlements/", views.entitlement_list, name="entitlement_list"),
    path("entitlements/<int:pk>/edit/", views.entitlement_update, name="entitlement_update"),
    path(
        "trainees/<int:pk>/entitlements/setup/",
        views.entitlement_setup,
        name="entitlement_setup",
    ),
    path("rules/", views.rules_edit, name="rules"),
    path("rules/entitlements/new/", views.entitlement_type_edit, name="entitlement_type_create"),
    path(
        "rules/entitlements/<int:pk>/edit/",
        views.entitlement_type_edit,
        name="entitlement_type_update",
    ),
]
