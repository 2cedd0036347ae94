from django.contrib.contenttypes.models import ContentType

from notifications.models import CalendarFeed, Delivery, Notification
from notifications.services import calendar_token_regenerate
from tests.access import LOGIN, UrlCase

SIGNED_IN = ["superuser", "city_staff", "county_staff", "unit_staff", "mentor", "trainee"]
ALL_SIGNED_IN = {"anonymous": LOGIN, **{role: 200 for role in SIGNED_IN}}
POST_REDIRECTS = {"anonymous": 302, **{role: 302 for role in SIGNED_IN}}
CITY_ONLY = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": 403,
    "unit_staff": 403,
    "mentor": 403,
    "trainee": 403,
}


def _notification(world, which: str) -> Notification:
    """ "own": the trainee's notification about their own record, placed in township A;
    "other": the other trainee's, in township B."""
    trainee = world.trainee(which)
    notification, _ = Notification.objects.get_or_create(
        recipient=trainee.user,
        kind="tests.example",
        subject_type=ContentType.objects.get_for_model(trainee),
        subject_id=trainee.pk,
        period="2026-11",
        defaults={"title": "例子", "url": "/", "unit": trainee.township},
    )
    return notification


def notification_pk(world, which: str) -> dict:
    return {"pk": _notification(world, which).pk}


def failed_delivery_pk(world, which: str) -> dict:
    notification = _notification(world, which)
    delivery, _ = Delivery.objects.get_or_create(
        key=f"email:{notification.pk}",
        defaults={
            "channel": Delivery.Channel.EMAIL,
            "recipient": notification.recipient,
            "notification": notification,
            "status": Delivery.Status.FAILED,
            "queued_at": notification.created_at,
        },
    )
    return {"pk": delivery.pk}


def feed_token(world, which: str) -> dict:
    """A valid token of the "own" trainee; for "other", a token that was revoked."""
    user = world.own.user
    if which == "own":
        return {"token": calendar_token_regenerate(user=user)}
    token = calendar_token_regenerate(user=world.other.user)
    CalendarFeed.objects.filter(user=world.other.user).delete()
    return {"token": token}


CASES = [
    UrlCase("notifications:list", expect=ALL_SIGNED_IN),
    # Notifications are private: only the recipient may mark one read, even city staff get 404.
    UrlCase(
        "notifications:mark_read",
        kwargs=notification_pk,
        method="post",
        expect={
            "anonymous": 302,
            "superuser": 404,
            "city_staff": 404,
            "county_staff": 404,
            "unit_staff": 404,
            "mentor": 404,
            "trainee": (302, 404),
        },
    ),
    UrlCase("notifications:mark_all_read", method="post", expect=POST_REDIRECTS),
    # Who was told: the recipients, and staff whose subtree holds the item's township.
    UrlCase(
        "notifications:chain",
        kwargs=notification_pk,
        expect={
            "anonymous": LOGIN,
            "superuser": 200,
            "city_staff": 200,
            "county_staff": (200, 404),
            "unit_staff": (200, 404),
            "mentor": 404,
            "trainee": (200, 404),
        },
    ),
    UrlCase("notifications:preferences", expect=ALL_SIGNED_IN),
    UrlCase("notifications:calendar_regenerate", method="post", expect=POST_REDIRECTS),
    UrlCase("notifications:calendar_revoke", method="post", expect=POST_REDIRECTS),
    # The feed needs no sign-in: the token is the key; a revoked token is 404 for everyone.
    UrlCase(
        "notifications:calendar_feed",
        kwargs=feed_token,
        expect={"anonymous": (200, 404), **{role: (200, 404) for role in SIGNED_IN}},
    ),
    UrlCase("notifications:operations", expect=CITY_ONLY),
    UrlCase(
        "notifications:delivery_retry",
        kwargs=failed_delivery_pk,
        method="post",
        expect={
            "anonymous": 302,
            "superuser": 302,
            "city_staff": 302,
            "county_staff": 403,
            "unit_staff": 403,
            "mentor": 403,
            "trainee": 403,
        },
    ),
    UrlCase("notifications:settings", expect=CITY_ONLY),
]
