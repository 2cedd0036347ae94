"""Who may see which trainee: the one place for the rule (ARCHITECTURE.md, "Roles and scoping").

Every record in the product hangs off a trainee, so every model's `visible_to(user)` calls
`trainee_q(user, via="<path to the trainee>")`. A record outside the result answers 404.

- staff see the trainees placed in their unit's subtree;
- a mentor sees their current and former mentees;
- a trainee sees themselves;
- a superuser sees everything.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection
from django.db.models import Q

from .models import OrgUnit, Role

NOTHING = Q(pk__in=[])

# How a trainee's placement reaches a staff member's unit, by the unit's level.
PLACEMENT_LOOKUP = {
    OrgUnit.Kind.PROVINCE: "county__parent__parent",
    OrgUnit.Kind.CITY: "county__parent",
    OrgUnit.Kind.COUNTY: "county",
    OrgUnit.Kind.TOWNSHIP: "township",
    OrgUnit.Kind.VILLAGE: "village",
}


def trainee_q(user, via: str = "") -> Q:
    """A filter on the model whose path to `cadets.Trainee` is `via` ("" for Trainee itself)."""
    prefix = f"{via}__" if via else ""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    if user.role in (Role.CITY_STAFF, Role.COUNTY_STAFF, Role.UNIT_STAFF):
        unit = user.org_unit
        if unit is None:
            return NOTHING
        if getattr(user, "scope_all_counties", False):
            # Every county there is lies under the unit (accounts/backends.py): everyone.
            return Q()
        county_ids = getattr(user, "scope_county_ids", None)
        if county_ids is not None:
            # Loaded with the user on PostgreSQL (accounts/backends.py): the same trainees as
            # the lookup below, as a list the database can plan with.
            return Q(**{f"{prefix}county_id__in": county_ids})
        return Q(**{f"{prefix}{PLACEMENT_LOOKUP[unit.kind]}": unit.pk})
    if user.role == Role.MENTOR:
        # A subquery, not a join, so that a mentee with two mentorships is not listed twice.
        mentorship = apps.get_model("mentors", "Mentorship")
        mentee_ids = mentorship.objects.filter(mentor__user=user).values("trainee_id")
        return Q(**{f"{prefix}pk__in": mentee_ids})
    if user.role == Role.TRAINEE:
        return Q(**{f"{prefix}user": user})
    return NOTHING


def units_q(user) -> Q:
    """Organisation units a staff member may place trainees in or pick from: their subtree."""
    if user.is_superuser:
        return Q()
    unit = getattr(user, "org_unit", None)
    if (
        not user.is_authenticated
        or user.role
        not in (
            Role.CITY_STAFF,
            Role.COUNTY_STAFF,
            Role.UNIT_STAFF,
        )
        or unit is None
    ):
        return NOTHING
    return (
        Q(pk=unit.pk)
        | Q(parent=unit)
        | Q(parent__parent=unit)
        | Q(parent__parent__parent=unit)
        | Q(parent__parent__parent__parent=unit)
    )


# --- The same rule for hand-written SQL (docs/decisions/0009) ------------------------------
# Kept beside trainee_q so that the rule changes in one module; the statements that use it are
# compared with their ORM versions by tests (tests/assessments/test_cycle_sql.py).


def sql_scope(user) -> tuple[str, object] | None:
    """How hand-written statements state `trainee_q(user)` and `units_q(user)`: (kind, unit
    id), None where they cannot (the caller then runs its ORM version). The same branches as
    trainee_q, in the same order: change both together."""
    if connection.vendor != "postgresql":
        return None
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ("all", None)
    if user.role not in (Role.CITY_STAFF, Role.COUNTY_STAFF, Role.UNIT_STAFF):
        return None
    unit = user.org_unit
    if unit is None:
        return None
    if getattr(user, "scope_all_counties", False):
        return ("unit-all", unit.pk)
    if getattr(user, "scope_county_ids", None) is not None:
        return ("unit-counties", unit.pk)
    if unit.kind in PLACEMENT_COLUMN:
        return (f"unit-{unit.kind}", unit.pk)
    return None


# The trainee's column that holds a staff member's unit, by the unit's kind (PLACEMENT_LOOKUP,
# for the kinds that name a column of the trainee itself).
PLACEMENT_COLUMN = {
    OrgUnit.Kind.COUNTY: "county_id",
    OrgUnit.Kind.TOWNSHIP: "township_id",
    OrgUnit.Kind.VILLAGE: "village_id",
}


def sql_scope_params(user, scope) -> dict:
    """The parameters of the conditions for `scope` (sql_scope's answer)."""
    kind, unit = scope
    params = {"unit": unit}
    if kind == "unit-counties":
        params["counties"] = list(user.scope_county_ids)
    return params


def sql_trainee_condition(kind: str) -> str:
    """`trainee_q(user)` as a condition on the trainee aliased `t`, for a scope of `kind`."""
    if kind in ("all", "unit-all"):
        return "TRUE"
    if kind == "unit-counties":
        return "t.county_id = ANY(%(counties)s)"
    trainee = apps.get_model("cadets", "Trainee")
    column = trainee._meta.get_field(PLACEMENT_COLUMN[kind.removeprefix("unit-")]).column
    return f't."{column}" = %(unit)s'
