"""The authentication backend: Django's ModelBackend, loading the request's user with what
every page reads of them, in the one query that loads the user anyway:

- their organisation unit (`select_related`): scoping (accounts/scoping.py) and the
  navigation need it on every page;
- their unread notifications (`unread_notification_count`, a subquery annotation): the bell's
  number on every page (notifications.selectors.unread_count reads it when it is there);
- on PostgreSQL, the ids of the counties below a city's or the province's unit
  (`scope_county_ids`, an array subquery): the scope of their staff (accounts.scoping
  `counties_below`, which reads them itself where the database has no arrays, as SQLite).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import OrgUnit
from .scoping import counties_below_q


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        users = model.objects.select_related("org_unit").annotate(
            unread_notification_count=_unread_notifications()
        )
        if connection.vendor == "postgresql":
            users = users.annotate(scope_county_ids=_scope_counties())
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


def _scope_counties():
    from django.contrib.postgres.expressions import ArraySubquery

    counties = OrgUnit.objects.filter(counties_below_q(OuterRef("org_unit_id")))
    return ArraySubquery(counties.order_by("pk").values("pk"))
