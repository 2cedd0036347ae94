from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .filters import AuditEventFilter
from .models import AuditEvent

PAGE_SIZE = 50


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """City staff search the audit log by person, subject, action and date."""
    if not request.user.has_perm("audit.view_auditevent"):
        raise PermissionDenied
    event_filter = AuditEventFilter(request.GET, queryset=AuditEvent.objects.all())
    page = Paginator(event_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"filter": event_filter, "page": page, "query": query.urlencode()},
    )
