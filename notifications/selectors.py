"""Reads of the notifications app: the inbox, the chain of an item, the calendar feed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation
from icalendar import Calendar, Event

from accounts.models import OrgUnit, User
from accounts.scoping import units_q

from .done import mark_done
from .due import SweepContext
from .models import Delivery, Notification, ReminderSettings, SweepRun
from .services import due_items


def unread_count(user: User) -> int:
    """The bell's number: one COUNT on a partial index, or none when the request's user was
    loaded with it (`unread_notification_count`, accounts/backends.py); kept on the user
    object so that a page asking twice asks once."""
    cached = getattr(user, "unread_notification_count", None)
    if cached is None:
        cached = Notification.objects.for_recipient(user).unread().count()
        if user.is_authenticated:
            user.unread_notification_count = cached
    return cached


def chain_visible_q(user: User) -> Q:
    """Whose notifications a user may see in an item's chain: their own, and those of items
    placed in their unit's subtree (staff); a superuser sees all."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    condition = Q(recipient=user)
    if user.is_org_staff and user.org_unit_id:
        condition |= Q(unit__in=OrgUnit.objects.filter(units_q(user)))
    return condition


def item_chain(notification: Notification) -> list[Notification]:
    return list(
        notification.siblings()
        .select_related("recipient", "recipient__org_unit")
        .order_by("escalation_level", "created_at", "pk")
    )


def operations_summary() -> dict:
    last_runs = list(SweepRun.objects.order_by("-started_at")[:10])
    counts = dict(Delivery.objects.order_by().values_list("status").annotate(n=Count("pk")))
    failed = list(
        Delivery.objects.filter(status=Delivery.Status.FAILED)
        .select_related("recipient", "notification")
        .order_by("-created_at")[:100]
    )
    return {
        "runs": last_runs,
        "last_run": last_runs[0] if last_runs else None,
        "pending": counts.get(Delivery.Status.PENDING, 0),
        "sent": counts.get(Delivery.Status.SENT, 0),
        "failed_count": counts.get(Delivery.Status.FAILED, 0),
        "failed": failed,
    }


# --- The calendar feed -----------------------------------------------------------------------


def calendar_for(user: User, *, today: dt.date | None = None) -> bytes:
    """The user's due items as iCalendar: what every provider says is due for them (a wide
    window around today) and the due dates of their notifications not done yet.

    One event per thing that falls due — the record, on its due date — however many reminders
    it had (a rotation's 14-, 7- and 1-day steps; a month's record due, then overdue): the
    event's uid names the subject and the date, not the reminder. A done item is not in the
    feed: the providers no longer yield it, and its notifications are left out (done.py)."""
    today = today or timezone.localdate()
    events: dict[str, dict] = {}
    ctx = SweepContext(
        today=today, config=ReminderSettings.current(), recipient=user, calendar=True
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        for item in due_items(ctx):
            if not any(recipient.pk == user.pk for recipient in item.recipients):
                continue
            uid = _uid(type(item.subject)._meta.label_lower, item.subject.pk, item.due_on)
            if uid in events and item.overdue_since is None:
                continue  # the overdue reminder of the same thing says more
            events[uid] = {"summary": str(item.title), "due_on": item.due_on, "url": item.url}
    window_start = today - dt.timedelta(days=62)
    notifications = (
        Notification.objects.for_recipient(user)
        .filter(due_on__gte=window_start)
        .select_related("subject_type")
        .order_by("due_on", "pk")
    )
    for notification in mark_done(notifications):
        if notification.is_done:
            continue
        label = f"{notification.subject_type.app_label}.{notification.subject_type.model}"
        uid = _uid(label, notification.subject_id, notification.due_on)
        events.setdefault(
            uid,
            {"summary": notification.title, "due_on": notification.due_on, "url": notification.url},
        )
    return _ical(events)


def _uid(model: str, pk: int, due_on: dt.date) -> str:
    return f"{model}-{pk}-{due_on.isoformat()}@xuandiao"


def _ical(events: dict[str, dict]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//xuandiao//reminders//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(settings.PRODUCT_NAME))
    stamp = timezone.now()
    for uid, data in sorted(events.items(), key=lambda pair: (pair[1]["due_on"], pair[0])):
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", data["due_on"])
        event.add("dtend", data["due_on"] + dt.timedelta(days=1))
        event.add("summary", data["summary"])
        if data["url"]:
            event.add("url", f"{settings.SITE_URL}{data['url']}")
        calendar.add_component(event)
    return calendar.to_ical()
