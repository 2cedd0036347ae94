"""Reads reused across apps: the home page summary (through the scoping of cadets.Trainee) and
the responsibility chain above a trainee's placement (for reminders' escalation)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count

from .models import OrgUnit, Role, User


def home_summary(user) -> dict:
    trainee_model = apps.get_model("cadets", "Trainee")
    visible = trainee_model.objects.visible_to(user)
    by_status = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
    statuses = [(label, by_status.get(value, 0)) for value, label in trainee_model.Status.choices]
    return {"total": sum(by_status.values()), "by_status": statuses}


# Levels of the responsibility chain above the people an item is for (docs/domain.md): the
# receiving unit, then the county organisation department, then the city.
CHAIN_ROLES = (Role.UNIT_STAFF, Role.COUNTY_STAFF, Role.CITY_STAFF)


def responsibility_chain(township: OrgUnit) -> list[list[User]]:
    """Who answers for a trainee placed in `township`, one list of users per level, lowest
    first: [receiving-unit staff, county staff, city staff]."""
    return responsibility_chains([township])[township.pk]


def unit_staff_by_unit(unit_ids) -> dict[int, list[User]]:
    """The active receiving-unit staff of each township in `unit_ids`. One query."""
    return {
        unit_id: users
        for (_role, unit_id), users in staff_by_role_and_unit(unit_ids, [Role.UNIT_STAFF]).items()
    }


# Above this many units, staff are read by role and sorted out in Python: an IN list of a
# province's 1,600 units costs more to bind (client-side, one parameter each) than the staff
# rows cost to read (issue 9: the daily sweep).
MANY_UNITS = 200


def staff_by_role_and_unit(unit_ids, roles=CHAIN_ROLES) -> dict[tuple[str, int], list[User]]:
    """The active staff of `roles` whose unit is in `unit_ids`, keyed by (role, unit id). One
    query; reminders use it to find the county (or city) staff of many trainees at once."""
    unit_ids = set(unit_ids)
    result: dict[tuple[str, int], list[User]] = {}
    staff = User.objects.filter(role__in=list(roles), is_active=True)
    if len(unit_ids) <= MANY_UNITS:
        staff = staff.filter(org_unit__in=unit_ids)
    for user in staff.order_by("pk"):
        if user.org_unit_id in unit_ids:
            result.setdefault((user.role, user.org_unit_id), []).append(user)
    return result


def responsibility_chains(units) -> dict[int, list[list[User]]]:
    """`responsibility_chain` of many units at once, by unit id: two queries however many
    (the parents of their parents, then the staff). The daily sweep escalates the overdue
    items of every township of a province: one query a township took seconds (issue 9)."""
    units = {unit.pk: unit for unit in units}
    if not units:
        return {}
    parent_of = {pk: unit.parent_id for pk, unit in units.items()}
    grandparent_of = dict(
        OrgUnit.objects.filter(pk__in={p for p in parent_of.values() if p is not None})
        .values_list("pk", "parent_id")
        .order_by()
    )
    chain_units = {pk: (pk, parent_of[pk], grandparent_of.get(parent_of[pk])) for pk in units}
    wanted = {u for chain in chain_units.values() for u in chain if u is not None}
    staff = staff_by_role_and_unit(wanted)
    return {
        pk: [
            staff.get((role, unit_id), []) for role, unit_id in zip(CHAIN_ROLES, chain, strict=True)
        ]
        for pk, chain in chain_units.items()
    }
