from django.urls import path

from . import views

app_name = "office"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("due/", views.dashboard_due, name="dashboard_due"),
    path("import/<slug:kind>/", views.import_upload, name="import_upload"),
    path("import/<slug:kind>/template/", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_job, name="import_job"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/import/", views.import_confirm, name="import_confirm"),
    path("export/<slug:kind>/", views.export, name="export"),
    path("export/<slug:kind>/full/", views.export_full, name="export_full"),
    path("trainees/<int:pk>/growth-file/", views.growth_file, name="growth_file"),
    path(
        "trainees/<int:pk>/growth-file.pdf",
        views.growth_file,
        {"pdf": True},
        name="growth_file_pdf",
    ),
    path("trainees/<int:pk>/plan/", views.plan_document, name="plan_document"),
    path("trainees/<int:pk>/plan.pdf", views.plan_document, {"pdf": True}, name="plan_pdf"),
    path("assessments/<int:pk>/form/", views.assessment_form, name="assessment_form"),
    path(
        "assessments/<int:pk>/form.pdf",
        views.assessment_form,
        {"pdf": True},
        name="assessment_form_pdf",
    ),
]
