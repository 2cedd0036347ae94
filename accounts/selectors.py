"""Reads reused across apps: the home page summary (through the scoping of cadets.Trainee) and
the responsibility chain above a trainee's placement (for reminders' escalation)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q

from .models import OrgUnit, Role, User


def home_summary(user) -> dict:
    trainee_model = apps.get_model("cadets", "Trainee")
    visible = trainee_model.objects.visible_to(user)
    by_status = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
    statuses = [(label, by_status.get(value, 0)) for value, label in trainee_model.Status.choices]
    return {"total": sum(by_status.values()), "by_status": statuses}


# Levels of the responsibility chain above the people an item is for (DOMAIN.md,
# "Responsibility"): the receiving unit, then the county organisation department, then the city.
CHAIN_ROLES = (Role.UNIT_STAFF, Role.COUNTY_STAFF, Role.CITY_STAFF)


def responsibility_chain(township: OrgUnit) -> list[list[User]]:
    """Who answers for a trainee placed in `township`, one list of users per level, lowest
    first: [receiving-unit staff, county staff, city staff]. One query."""
    users = (
        User.objects.filter(
            Q(role=Role.UNIT_STAFF, org_unit=township)
            | Q(role=Role.COUNTY_STAFF, org_unit__children=township)
            | Q(role=Role.CITY_STAFF, org_unit__children__children=township),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )
    levels: dict[str, list[User]] = {role: [] for role in CHAIN_ROLES}
    for user in users:
        levels[user.role].append(user)
    return [levels[role] for role in CHAIN_ROLES]


def unit_staff_by_unit(unit_ids) -> dict[int, list[User]]:
    """The active receiving-unit staff of each township in `unit_ids`. One query."""
    result: dict[int, list[User]] = {}
    staff = User.objects.filter(role=Role.UNIT_STAFF, org_unit__in=unit_ids, is_active=True)
    for user in staff.order_by("pk"):
        result.setdefault(user.org_unit_id, []).append(user)
    return result


def staff_by_role_and_unit(unit_ids, roles=CHAIN_ROLES) -> dict[tuple[str, int], list[User]]:
    """The active staff of `roles` whose unit is in `unit_ids`, keyed by (role, unit id). One
    query; reminders use it to find the county (or city) staff of many trainees at once."""
    result: dict[tuple[str, int], list[User]] = {}
    staff = User.objects.filter(role__in=list(roles), org_unit__in=unit_ids, is_active=True)
    for user in staff.order_by("pk"):
        result.setdefault((user.role, user.org_unit_id), []).append(user)
    return result
