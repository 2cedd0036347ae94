from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("trainees/", include("cadets.urls")),
    path("mentoring/", include("mentors.urls")),
    path("rotations/", include("rotations.urls")),
    path("assessments/", include("assessments.urls")),
    path("attendance/", include("attendance.urls")),
    path("training/", include("education.urls")),
    path("careers/", include("careers.urls")),
    path("support/", include("support.urls")),
    path("conduct/", include("conduct.urls")),
    path("office/", include("office.urls")),
    path("notifications/", include("notifications.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

# No /media/ route, in any setting (not even DEBUG): uploaded files are served only by views that
# check the user's scope first (rotations.views.attachment_download); a stored roster never is.
