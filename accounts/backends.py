"""The authentication backend: Django's ModelBackend, loading the request's user with what
every page reads of them, in the one query that loads the user anyway:

- their organisation unit (`select_related`): scoping (accounts/scoping.py) and the
  navigation need it on every page;
- their unread notifications (`unread_notification_count`, a subquery annotation): the bell's
  number on every page (notifications.selectors.unread_count reads it when it is there).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        users = model.objects.select_related("org_unit").annotate(
            unread_notification_count=_unread_notifications()
        )
        try:
            user = users.get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def _unread_notifications():
    # By name, not import: notifications builds on accounts, not the other way round.
    notification = apps.get_model("notifications", "Notification")
    unread = notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
    count = unread.order_by().values("recipient").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)
