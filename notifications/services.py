"""Writes of the notifications app: the sweep, delivery, reading, preferences, the feed token.

The sweep is the only place that decides what is due (providers say, the sweep writes); tasks
only carry ids to `delivery_send`.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib
import time
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from accounts.selectors import responsibility_chains

from .digest import grouped_by_trainee
from .due import DueItem, DueRows, SweepContext, providers
from .models import (
    CalendarFeed,
    Delivery,
    Level,
    Notification,
    NotificationPreference,
    ReminderSettings,
    SweepRun,
)

logger = logging.getLogger(__name__)

ESCALATION_LEVELS = (Level.UNIT, Level.COUNTY, Level.CITY)
# Up to this many subjects, the sweep reads the notifications already written by their ids.
FEW_SUBJECTS = 500


# --- The sweep -------------------------------------------------------------------------------


def sweep_run(*, today: dt.date | None = None, now: dt.datetime | None = None) -> SweepRun:
    """Ask every provider what is due, write the notifications that do not exist yet, make their
    deliveries, start today's digests and queue again deliveries whose task was lost.

    Idempotent: a second run writes nothing new. Tasks are queued after the commit."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with transaction.atomic():
        run = SweepRun.objects.create(today=today)
        config = ReminderSettings.current()
        ctx = SweepContext(today=today, config=config)
        rows = _not_yet_written(list(_notification_rows(ctx, run)))
        created: list[Notification] = []
        if rows:  # most sweeps have nothing new to write, and so nothing to read back
            Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
            created = list(
                Notification.objects.filter(sweep=run).select_related(
                    "recipient", "recipient__notification_preference"
                )
            )
        queued = _deliveries_for(created, now)
        queued += _digests_due(config, now)
        requeued = _pending_to_requeue(now)
        run.created_count = len(created)
        run.queued_count = len(queued)
        run.requeued_count = len(requeued)
        run.finished_at = timezone.now()
        run.save(update_fields=["created_count", "queued_count", "requeued_count", "finished_at"])
        for delivery_id in queued + requeued:
            _queue_on_commit(delivery_id)
    logger.info(
        "sweep %s: %s notifications, %s deliveries queued, %s queued again",
        run.pk,
        run.created_count,
        run.queued_count,
        run.requeued_count,
    )
    return run


def due_items(ctx: SweepContext) -> list[DueItem]:
    items: list[DueItem] = []
    for provide in providers().values():
        items.extend(provide(ctx))
    return items


def _unsettled_items(ctx: SweepContext) -> list[DueItem]:
    """`due_items` less those whose notifications an earlier sweep wrote (DueRows.settled).

    For each provider's rows, first their ids (DueRows.pending_ids, a query with only the
    joins its filters need), then — for the providers that have any — the rows of those ids
    with what their items need. A sweep asks some twenty providers, most of which have
    nothing due on a given day: those cost one narrow query each."""
    items: list[DueItem] = []
    for provide in providers().values():
        for part in provide.parts(ctx):
            if not isinstance(part, DueRows):
                items.append(part)
                continue
            ids = list(part.pending_ids().values_list("pk", flat=True))
            if ids:
                items.extend(part.of_ids(ids).items())
    return items


def _notification_rows(ctx: SweepContext, run: SweepRun):
    thresholds = ctx.config.escalation_thresholds()
    content_types: dict[type, ContentType] = {}
    items = _unsettled_items(ctx)
    # The chains above every overdue item's unit, fetched together (accounts.selectors).
    chains = responsibility_chains(
        item.unit for item in items if item.overdue_since is not None and item.unit is not None
    )
    for item in items:
        model = type(item.subject)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        levels: list[tuple[int, list[User]]] = [(Level.DIRECT, list(item.recipients))]
        if item.overdue_since is not None and item.unit is not None:
            days_overdue = (ctx.today - item.overdue_since).days
            for level, threshold, users in zip(
                ESCALATION_LEVELS, thresholds, chains[item.unit.pk], strict=True
            ):
                if days_overdue >= threshold:
                    levels.append((level, users))
        seen: set[int] = set()
        for level, users in levels:
            for user in users:
                if user.pk in seen:
                    continue  # told once, at the lowest level they appear on
                seen.add(user.pk)
                yield _notification_for(item, user, level, content_types[model], run)


def _not_yet_written(rows: list[Notification]) -> list[Notification]:
    """The rows whose notification does not exist yet. Most of a day's due items were due
    yesterday too: one read of their keys instead of writing them all again (the insert would
    skip them, at the price of a write each). The insert still ignores conflicts, for a sweep
    running at the same moment."""
    if not rows:
        return rows
    # The items of the rows: each kind, content type and period is one range of the index of
    # items (notification_item). Lists of kinds, periods and subjects crossed made the planner
    # read every key of the kinds, or the whole table.
    items: dict[tuple[str, int, str], set[int]] = defaultdict(set)
    for r in rows:
        items[r.kind, r.subject_type_id, r.period].add(r.subject_id)
    # By item alone when the subjects are many: a day's rows share a few items, and a list of
    # thousands of subject ids costs more to send than the extra keys cost to read. A few
    # subjects (most sweeps, the rest settled: DueRows.settled) are read by their ids: the
    # kinds of the news that are never settled (leave decided) have years of keys.
    few = len({r.subject_id for r in rows}) <= FEW_SUBJECTS
    keys = Q()
    for (kind, subject_type_id, period), subjects in items.items():
        item = Q(kind=kind, subject_type_id=subject_type_id, period=period)
        keys |= (item & Q(subject_id__in=subjects)) if few else item
    written = Notification.objects.filter(keys).order_by()
    existing = set(
        written.values_list("recipient_id", "kind", "subject_type_id", "subject_id", "period")
    )
    return [
        r
        for r in rows
        if (r.recipient_id, r.kind, r.subject_type_id, r.subject_id, r.period) not in existing
    ]


def _notification_for(item: DueItem, user: User, level: int, ct, run: SweepRun) -> Notification:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        title = str(item.title)[:200]
    return Notification(
        recipient=user,
        kind=item.kind,
        subject_type=ct,
        subject_id=item.subject.pk,
        period=item.period,
        escalation_level=level,
        title=title,
        url=item.url if level == Level.DIRECT else item.url_for_others,
        due_on=item.due_on,
        overdue_since=item.overdue_since,
        unit=item.unit,
        sweep=run,
    )


def _preference(user: User) -> NotificationPreference:
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference.default_for(user)


def _deliveries_for(notifications: list[Notification], now: dt.datetime) -> list[int]:
    """E-mail for each new notification whose recipient wants it; digest users' wait."""
    to_send, to_digest = [], []
    for notification in notifications:
        user = notification.recipient
        preference = _preference(user)
        if not (user.email and preference.email_enabled):
            continue
        if preference.daily_digest:
            to_digest.append(notification.pk)
        else:
            to_send.append(
                Delivery(
                    key=f"email:{notification.pk}",
                    channel=Delivery.Channel.EMAIL,
                    recipient=user,
                    notification=notification,
                    queued_at=now,
                )
            )
    if to_digest:
        Notification.objects.filter(pk__in=to_digest).update(in_digest=True)
    Delivery.objects.bulk_create(to_send, ignore_conflicts=True)
    keys = [delivery.key for delivery in to_send]
    return list(
        Delivery.objects.filter(key__in=keys, status=Delivery.Status.PENDING).values_list(
            "pk", flat=True
        )
    )


def _digests_due(config: ReminderSettings, now: dt.datetime) -> list[int]:
    """After the digest hour, one digest per user with e-mail waiting, at most one a day."""
    local = timezone.localtime(now)
    if local.hour < config.digest_hour:
        return []
    waiting = Notification.objects.filter(in_digest=True, digest__isnull=True)
    user_ids = set(waiting.values_list("recipient_id", flat=True))
    queued = []
    for user_id in sorted(user_ids):
        delivery, created = Delivery.objects.get_or_create(
            key=f"digest:{user_id}:{local.date().isoformat()}",
            defaults={
                "channel": Delivery.Channel.DIGEST,
                "recipient_id": user_id,
                "queued_at": now,
            },
        )
        if created:
            waiting.filter(recipient_id=user_id).update(digest=delivery)
            queued.append(delivery.pk)
    return queued


def requeue_lost(*, now: dt.datetime | None = None) -> list[int]:
    """Queue again the deliveries whose task was lost, at once (beat runs this every minute,
    apart from the sweep, so that recovery takes minutes whatever the sweep's period)."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = _pending_to_requeue(now)
        for delivery_id in ids:
            _queue_on_commit(delivery_id)
    if ids:
        logger.info("%s deliveries queued again", len(ids))
    return ids


def _pending_to_requeue(now: dt.datetime) -> list[int]:
    """Pending deliveries whose task should have run by now: its message was lost (a broker
    restart, a killed worker, a retry's message lost with the broker). `queued_at` is when the
    task was due (a retry's: after its backoff). Queue them again; the claim makes a duplicate
    harmless."""
    stale = Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=Delivery.Status.PENDING,
        queued_at__lt=now - settings.NOTIFICATION_REQUEUE_AFTER,
    )
    ids = list(stale.values_list("pk", flat=True)[:5000])
    Delivery.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def _queue_on_commit(delivery_id: int) -> None:
    from .tasks import deliver

    # robust: a broker that is down must not undo the sweep; the next sweep queues it again.
    transaction.on_commit(lambda: deliver.delay(delivery_id), robust=True)


# --- Delivery --------------------------------------------------------------------------------


class Outcome(Enum):
    SENT = "sent"
    SKIPPED = "skipped"  # already sent, failed for good, or claimed by another task right now
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    attempts: int = 0


def delivery_send(*, delivery_id: int) -> SendResult:
    """Send one delivery at most once: claim it with a conditional UPDATE, send, mark sent.

    A claim is a lease: if the worker dies while sending, the lease runs out and the sweep
    queues the delivery again. Dying after the mail server accepted the message but before the
    row says so would send it twice (SMTP gives no way to close that gap): the "sent" write is
    retried until it lands (`_mark_sent`), and the message carries a Message-ID made from the
    delivery's id, the same on every attempt, so a receiver recognises a resend
    (docs/resilience.md states the window).

    A transient failure (connection refused, timeout, a 4xx reply) keeps the delivery pending
    and is retried with backoff until NOTIFICATION_RETRY_PERIOD has passed since its first
    failure; a permanent one (a 5xx reply: no such mailbox, a refused address) fails at once."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        pk=delivery_id,
        status=Delivery.Status.PENDING,
    ).update(claimed_until=now + settings.NOTIFICATION_CLAIM_LEASE, attempts=F("attempts") + 1)
    if not claimed:
        return SendResult(Outcome.SKIPPED)
    delivery = Delivery.objects.select_related("recipient", "notification").get(pk=delivery_id)
    try:
        _message(delivery).send()
    except Exception as error:  # any failure of the mail server: transient unless it says not
        return _record_failure(delivery, error)
    _mark_sent(delivery_id)
    return SendResult(Outcome.SENT, delivery.attempts)


def _record_failure(delivery: Delivery, error: Exception) -> SendResult:
    now = timezone.now()
    failing_since = delivery.failing_since or now
    permanent = is_permanent_failure(error)
    give_up = permanent or now - failing_since >= settings.NOTIFICATION_RETRY_PERIOD
    # A retry is due after the backoff: the sweep queues it again if that task is lost.
    due = now + dt.timedelta(seconds=retry_countdown(delivery.attempts))
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED if give_up else Delivery.Status.PENDING,
        permanent_failure=permanent,
        failing_since=failing_since,
        claimed_until=None,
        queued_at=now if give_up else due,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    logger.warning(
        "delivery %s failed (attempt %s, %s)",
        delivery.pk,
        delivery.attempts,
        "permanent" if permanent else ("given up" if give_up else "will retry"),
    )
    return SendResult(Outcome.FAILED if give_up else Outcome.RETRY, delivery.attempts)


def is_permanent_failure(error: Exception) -> bool:
    """A 5xx reply of the mail server (RFC 5321: a permanent negative completion), for the
    message or for every recipient. Everything else (no connection, a timeout, 4xx) may pass."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _mark_sent(delivery_id: int) -> None:
    """Write "sent" until it lands. The mail is out: losing this write (the database restarts
    between the send and the write) would let the sweep send it again once the claim expires.
    The connection is dropped after each failure so the next attempt opens a fresh one."""
    wait = 0.1
    attempt = 0
    while True:
        attempt += 1
        try:
            Delivery.objects.filter(pk=delivery_id).update(
                status=Delivery.Status.SENT,
                sent_at=timezone.now(),
                claimed_until=None,
                last_error="",
            )
            return
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block:
                raise  # inside a transaction nothing can be retried here; the caller's to redo
            logger.warning("delivery %s: writing 'sent' failed (try %s)", delivery_id, attempt)
            connection.close()
            time.sleep(wait)
            wait = min(wait * 2, settings.NOTIFICATION_SENT_WRITE_MAX_WAIT)


def retry_countdown(attempts: int) -> int:
    """Exponential backoff, capped well below the broker's visibility timeout (settings)."""
    base = settings.NOTIFICATION_RETRY_BACKOFF_BASE
    return min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATION_RETRY_BACKOFF_MAX)


def message_id(delivery: Delivery) -> str:
    """The idempotency key of a delivery's message: the same on every attempt."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"
    return f"<delivery-{delivery.pk}@{domain}>"


def _message(delivery: Delivery) -> EmailMessage:
    user = delivery.recipient
    with translation.override(user.language or settings.LANGUAGE_CODE):
        if delivery.channel == Delivery.Channel.DIGEST:
            notifications = list(delivery.digested.order_by("created_at", "pk"))
            context = {"user": user, "notifications": notifications, "site": settings.SITE_URL}
            context["groups"] = grouped_by_trainee(notifications)
            subject = render_to_string("notifications/email/digest_subject.txt", context)
            body = render_to_string("notifications/email/digest.txt", context)
        else:
            context = {"user": user, "notification": delivery.notification}
            context["site"] = settings.SITE_URL
            subject = render_to_string("notifications/email/single_subject.txt", context)
            body = render_to_string("notifications/email/single.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[user.email],
        headers={"X-Delivery-Id": str(delivery.pk), "Message-ID": message_id(delivery)},
    )


def delivery_retry(*, actor: User, delivery: Delivery) -> None:
    """Staff send a failed delivery again, with a fresh count of attempts."""
    if not actor.has_perm("notifications.view_operations"):
        raise PermissionDenied
    updated = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING,
        attempts=0,
        claimed_until=None,
        failing_since=None,
        permanent_failure=False,
        queued_at=timezone.now(),
    )
    if updated:
        _queue_on_commit(delivery.pk)


# --- Reading ---------------------------------------------------------------------------------


def notification_mark_read(*, user: User, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    user.unread_notification_count = None  # the bell's number, loaded with the user, is stale


def notifications_mark_all_read(*, user: User) -> int:
    user.unread_notification_count = None  # the bell's number, loaded with the user, is stale
    return Notification.objects.for_recipient(user).unread().update(read_at=timezone.now())


# --- Preferences and the calendar feed ------------------------------------------------------


def preference_for(user: User) -> NotificationPreference:
    return _preference(user)


def calendar_token_regenerate(*, user: User) -> str:
    """A new private feed token; the old URL stops working. Returns the token (shown once)."""
    token = secrets.token_urlsafe(24)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": CalendarFeed.hash_token(token)}
    )
    return token


def calendar_token_revoke(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def reminder_settings_update(*, actor: User, config: ReminderSettings) -> None:
    if not actor.has_perm("notifications.change_reminder_settings"):
        raise PermissionDenied
    config.full_clean()
    config.save()
