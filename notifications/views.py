from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .done import mark_done
from .forms import PreferenceForm, ReminderSettingsForm
from .models import CalendarFeed, Delivery, Notification, ReminderSettings

PAGE_SIZE = 25
SESSION_NEW_TOKEN = "notifications_new_calendar_token"


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _get_own_notification(request: HttpRequest, pk: int) -> Notification:
    """A notification of the signed-in user; anyone else's is a 404."""
    return get_object_or_404(Notification.objects.for_recipient(request.user), pk=pk)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.for_recipient(request.user).order_by("-created_at", "-pk")
    if request.GET.get("show") == "unread":
        notifications = notifications.unread()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    mark_done(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "query": query.urlencode(), "show": request.GET.get("show", "")},
    )


@require_POST
@login_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; with `go`, continue to the thing it is about."""
    notification = _get_own_notification(request, pk)
    services.notification_mark_read(user=request.user, notification=notification)
    target = notification.url if request.POST.get("go") else ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def item_chain(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone told about one item, level by level up the responsibility chain."""
    visible = Notification.objects.filter(selectors.chain_visible_q(request.user))
    is_recipient = Notification.objects.filter(
        kind=OuterRef("kind"),
        subject_type=OuterRef("subject_type"),
        subject_id=OuterRef("subject_id"),
        period=OuterRef("period"),
        recipient=request.user,
    )
    notification = (
        Notification.objects.filter(pk=pk)
        .filter(Exists(is_recipient) | Exists(visible.filter(pk=OuterRef("pk"))))
        .first()
    )
    if notification is None:
        raise Http404
    return render(
        request,
        "notifications/item_chain.html",
        {"notification": notification, "chain": selectors.item_chain(notification)},
    )


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """E-mail and digest preferences, and the private calendar feed."""
    preference = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    new_token = request.session.pop(SESSION_NEW_TOKEN, None)
    feed_url = request.build_absolute_uri(_feed_path(new_token)) if new_token and feed else None
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "feed": feed, "feed_url": feed_url},
    )


def _feed_path(token: str) -> str:
    return reverse("notifications:calendar_feed", args=[token])


@require_POST
@login_required
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    token = services.calendar_token_regenerate(user=request.user)
    # Shown once on the next page; only its hash is stored.
    request.session[SESSION_NEW_TOKEN] = token
    messages.success(request, _("A new calendar address is ready; the old one no longer works."))
    return redirect("notifications:preferences")


@require_POST
@login_required
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    services.calendar_token_revoke(user=request.user)
    messages.success(request, _("The calendar address no longer works."))
    return redirect("notifications:preferences")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: no sign-in, the token is the key. An unknown or revoked token is 404."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token_hash=CalendarFeed.hash_token(token)
    )
    if not feed.user.is_active:
        raise Http404
    response = HttpResponse(
        selectors.calendar_for(feed.user), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def operations(request: HttpRequest) -> HttpResponse:
    _require(request, "notifications.view_operations")
    return render(request, "notifications/operations.html", selectors.operations_summary())


@require_POST
@login_required
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "notifications.view_operations")
    delivery = get_object_or_404(Delivery, pk=pk)
    services.delivery_retry(actor=request.user, delivery=delivery)
    messages.success(request, _("The e-mail is queued again."))
    return redirect("notifications:operations")


@login_required
def reminder_settings(request: HttpRequest) -> HttpResponse:
    _require(request, "notifications.change_reminder_settings")
    config = ReminderSettings.current()
    form = ReminderSettingsForm(request.POST or None, instance=config)
    if request.method == "POST" and form.is_valid():
        services.reminder_settings_update(actor=request.user, config=form.save(commit=False))
        messages.success(request, _("The reminder settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/reminder_settings.html", {"form": form})
