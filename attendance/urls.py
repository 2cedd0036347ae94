from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("start/", views.sheet_start, name="sheet_start"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet_detail"),
    path("sheets/<int:pk>/fill/", views.sheet_edit, name="sheet_edit"),
    path("sheets/<int:pk>/submit/", views.sheet_submit, name="sheet_submit"),
    path("sheets/<int:pk>/correct/", views.sheet_correct, name="sheet_correct"),
    path("sheets/<int:pk>/import/", views.sheet_import, name="sheet_import"),
    path("import-template/", views.import_template, name="import_template"),
    path("rules/", views.rules_edit, name="rules"),
]
