"""The authentication backend: Django's ModelBackend with three queries fewer on every page.

- `get_user` (once a request, from the session) loads the user **with their organisation
  unit**: scoping (accounts/scoping.py) and the navigation need the unit on every page, which
  otherwise costs a second query.
- The same query counts the user's unread notifications, the bell's number on every page.
- On PostgreSQL the same query also lists, for city and province staff, the counties under
  their unit (`scope_county_ids`): scoping then filters trainees by `county_id IN (…)`, which
  the planner estimates well and an index on the trainee's name can serve page by page,
  instead of joining the unit tree twice (which it estimates at a handful of rows and so
  sorts every trainee of the province before taking 25).
- The permissions granted through the database (a user's own and their groups', e.g. the
  reveal group) are loaded in **one** query instead of two, once a request, when a template or
  view asks for one that the rules registry does not grant.
"""

from __future__ import annotations

import functools

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce

from .models import OrgUnit
from .prepared import prepared_cursor


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        if connection.vendor == "postgresql":
            user = _load_user_sql(user_id)
        else:
            user = _load_user_orm(user_id)
        if user is None:
            return None
        # The bell's number (notifications.selectors.unread_count) reads this.
        user._unread_notifications = user.unread_notification_count
        # Every county of the database under the unit (the province's staff): scoping needs no
        # filter at all, where a list of a hundred ids costs a comparison per trainee row.
        counties = getattr(user, "scope_county_ids", None)
        user.scope_all_counties = counties is not None and len(counties) == user.county_total
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if connection.vendor == "postgresql":
                user_obj._perm_cache = _permissions_sql(user_obj)
            else:
                user_obj._perm_cache = _permissions_orm(user_obj)
        return user_obj._perm_cache


def _load_user_orm(user_id):
    model = get_user_model()
    users = model._default_manager.select_related("org_unit").annotate(
        unread_notification_count=_unread_notifications(),
        county_total=Subquery(
            OrgUnit.objects.filter(kind=OrgUnit.Kind.COUNTY)
            .order_by()
            .values("kind")
            .annotate(n=Count("pk"))
            .values("n")
        ),
    )
    if connection.vendor == "postgresql":
        users = users.annotate(scope_county_ids=_counties_under_unit())
    try:
        return users.get(pk=user_id)
    except model.DoesNotExist:
        return None


def _load_user_sql(user_id):
    """The same user as `_load_user_orm`, from the same query written by hand: Django takes
    about 2 ms of CPU to compile that query, ten times what PostgreSQL takes to run it, on every
    request (tests/accounts/test_backend.py checks that both give the same user)."""
    user_model = get_user_model()
    user_fields = user_model._meta.concrete_fields
    unit_fields = OrgUnit._meta.concrete_fields
    # Prepared (accounts/prepared.py): PostgreSQL took longer to plan it than to run it.
    with prepared_cursor() as cursor:
        cursor.execute(_user_sql(), [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(user_fields)
    user = user_model.from_db(connection.alias, [f.attname for f in user_fields], row[:split])
    unit_row = row[split : split + len(unit_fields)]
    unit = None
    if unit_row[0] is not None:
        unit = OrgUnit.from_db(connection.alias, [f.attname for f in unit_fields], unit_row)
    user_model._meta.get_field("org_unit").set_cached_value(user, unit)
    user.unread_notification_count, user.scope_county_ids, user.county_total = row[-3:]
    return user


@functools.cache
def _user_sql() -> str:
    user, unit = get_user_model()._meta, OrgUnit._meta
    notification = apps.get_model("notifications", "Notification")._meta
    columns = [f'u."{f.column}"' for f in user.concrete_fields]
    columns += [f'o."{f.column}"' for f in unit.concrete_fields]
    kind = OrgUnit.Kind
    # Only identifiers from the models and the unit kinds' constants are formatted in; the
    # user id is a parameter.
    return f"""
        SELECT {", ".join(columns)},
               (SELECT COUNT(*) FROM "{notification.db_table}" n
                 WHERE n.recipient_id = u.id AND n.read_at IS NULL),
               CASE o.kind
                 WHEN '{kind.CITY}' THEN ARRAY(
                   SELECT c.id FROM "{unit.db_table}" c
                    WHERE c.kind = '{kind.COUNTY}' AND c.parent_id = o.id)
                 WHEN '{kind.PROVINCE}' THEN ARRAY(
                   SELECT c.id FROM "{unit.db_table}" c
                     JOIN "{unit.db_table}" p ON p.id = c.parent_id
                    WHERE c.kind = '{kind.COUNTY}' AND p.parent_id = o.id)
               END,
               (SELECT COUNT(*) FROM "{unit.db_table}" c WHERE c.kind = '{kind.COUNTY}')
          FROM "{user.db_table}" u LEFT JOIN "{unit.db_table}" o ON o.id = u.org_unit_id
         WHERE u.id = %s"""  # noqa: S608


def _permissions_orm(user) -> set[str]:
    permissions = Permission.objects.all()
    if not user.is_superuser:
        permissions = permissions.filter(Q(user=user) | Q(group__user=user))
    return {
        f"{app_label}.{codename}"
        for app_label, codename in permissions.order_by()
        .values_list("content_type__app_label", "codename")
        .distinct()
    }


def _permissions_sql(user) -> set[str]:
    """The same permissions as `_permissions_orm`, by hand and prepared: compiling the ORM's
    query took longer than running it, and planning it longer again, on every page that asks
    (the trainee page: may the reader reveal the ID number?). tests/accounts/test_backend.py
    checks that both give the same."""
    with prepared_cursor() as cursor:
        params = [] if user.is_superuser else [user.pk, user.pk]
        cursor.execute(_permissions_statement(user.is_superuser), params)
        return {f"{app_label}.{codename}" for app_label, codename in cursor.fetchall()}


@functools.cache
def _permissions_statement(superuser: bool) -> str:
    user = get_user_model()
    permission = Permission._meta
    content_type = permission.get_field("content_type").related_model._meta
    user_permissions = user._meta.get_field("user_permissions").remote_field.through._meta
    groups = user._meta.get_field("groups").remote_field.through._meta
    group_permissions = Group._meta.get_field("permissions").remote_field.through._meta
    granted = (
        "TRUE"
        if superuser
        else f"""p.id IN (
            SELECT permission_id FROM "{user_permissions.db_table}" WHERE user_id = %s
            UNION SELECT gp.permission_id FROM "{groups.db_table}" ug
              JOIN "{group_permissions.db_table}" gp ON gp.group_id = ug.group_id
             WHERE ug.user_id = %s)"""  # noqa: S608
    )
    # Only table names from the models are formatted in; the user id is a parameter.
    return f"""
        SELECT DISTINCT ct.app_label, p.codename
          FROM "{permission.db_table}" p JOIN "{content_type.db_table}" ct
            ON ct.id = p.content_type_id
         WHERE {granted}"""  # noqa: S608


def _unread_notifications():
    # By name, not import: notifications builds on accounts, not the other way round.
    notification = apps.get_model("notifications", "Notification")
    unread = notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
    count = unread.order_by().values("recipient").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def _counties_under_unit():
    """The ids of the counties under the user's unit, for city and province staff only (NULL
    for everyone else): the same counties as accounts.scoping.PLACEMENT_LOOKUP reaches."""
    from django.contrib.postgres.expressions import ArraySubquery

    counties = OrgUnit.objects.filter(kind=OrgUnit.Kind.COUNTY).order_by().values("pk")
    return Case(
        When(
            org_unit__kind=OrgUnit.Kind.CITY,
            then=ArraySubquery(counties.filter(parent_id=OuterRef("org_unit_id"))),
        ),
        When(
            org_unit__kind=OrgUnit.Kind.PROVINCE,
            then=ArraySubquery(counties.filter(parent__parent_id=OuterRef("org_unit_id"))),
        ),
        default=None,
    )
