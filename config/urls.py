from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("trainees/", include("cadets.urls")),
    path("mentoring/", include("mentors.urls")),
    path("rotations/", include("rotations.urls")),
    path("assessments/", include("assessments.urls")),
    path("support/", include("support.urls")),
    path("conduct/", include("conduct.urls")),
    path("office/", include("office.urls")),
    path("notifications/", include("notifications.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
