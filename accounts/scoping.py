"""Who may see which trainee: the one place for the rule (docs/domain.md).

Every record in the product hangs off a trainee, so every model's `visible_to(user)` calls
`trainee_q(user, via="<path to the trainee>")`. A record outside the result answers 404.

- staff see the trainees placed in their unit's subtree;
- a mentor sees their current and former mentees;
- a trainee sees themselves;
- a superuser sees everything.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import OuterRef, Q

from .models import OrgUnit, Role

NOTHING = Q(pk__in=[])

# How a trainee's placement reaches a staff member's unit, by the unit's level. Staff of a city
# or the province are given their trainees by the ids of the counties below their unit
# (`counties_below`), not by this path: see `trainee_q`.
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
        if unit.kind in COUNTIES_BELOW:
            return Q(**{f"{prefix}county__in": counties_below(user)})
        return Q(**{f"{prefix}{PLACEMENT_LOOKUP[unit.kind]}": unit.pk})
    if user.role == Role.MENTOR:
        # A subquery, not a join, so that a mentee with two mentorships is not listed twice.
        mentorship = apps.get_model("mentors", "Mentorship")
        mentee_ids = mentorship.objects.filter(mentor__user=user).values("trainee_id")
        return Q(**{f"{prefix}pk__in": mentee_ids})
    if user.role == Role.TRAINEE:
        return Q(**{f"{prefix}user": user})
    return NOTHING


# Staff of a city or the province see the trainees of the counties below their unit. Their
# filter names those counties' ids, not the path up from the trainee (`county__parent__parent`
# joins the unit table twice): PostgreSQL cannot tell how many trainees such a join keeps — it
# guesses a handful where a province keeps every one — and plans every read of a big scope as
# if it were a small one (walking the tree down to the trainees and on to every record, where
# reading the newest records first would stop after ten). A list of ids it counts right.
COUNTIES_BELOW = (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.CITY)


def counties_below_q(unit) -> Q:
    """The counties below `unit` (a city's, or the province's), as a filter on OrgUnit; `unit`
    may be an `OuterRef` (accounts.backends loads the ids with every user through it).

    Looked up by parent, level by level — a county whose parent is `unit` (a city's), or whose
    parent is one of the units whose parent is `unit` (the province's) — which the parent index
    answers. Joined the other way, up from each county to its parent and grandparent,
    PostgreSQL hashed the whole unit table on every request, for every user."""
    outer = OuterRef(unit) if isinstance(unit, OuterRef) else unit  # seen from the subquery
    children = OrgUnit.objects.filter(parent=outer).values("pk")
    return Q(kind=OrgUnit.Kind.COUNTY) & (Q(parent=unit) | Q(parent__in=children))


def counties_below(user) -> list[int]:
    """The ids of the counties below the user's unit: loaded with the user by
    accounts.backends (`scope_county_ids`), else read once and kept on the user object, with
    the unit they were read for (a user object lives for one request or one task)."""
    unit_id = user.org_unit_id
    loaded = getattr(user, "scope_county_ids", None)
    if loaded is not None and getattr(user, "scope_county_unit", unit_id) == unit_id:
        return loaded
    ids = list(OrgUnit.objects.filter(counties_below_q(unit_id)).values_list("pk", flat=True))
    user.scope_county_ids, user.scope_county_unit = ids, unit_id
    return ids


# How many levels of units lie below a unit of each kind.
LEVELS_BELOW = {
    OrgUnit.Kind.PROVINCE: 4,
    OrgUnit.Kind.CITY: 3,
    OrgUnit.Kind.COUNTY: 2,
    OrgUnit.Kind.TOWNSHIP: 1,
    OrgUnit.Kind.VILLAGE: 0,
}


def scope_unit(user) -> OrgUnit | None:
    """The unit at the top of a staff member's subtree (`units_q`), or None for anyone else
    (not staff, no unit). Superusers are not asked: they see every unit."""
    if not user.is_authenticated or user.role not in (
        Role.CITY_STAFF,
        Role.COUNTY_STAFF,
        Role.UNIT_STAFF,
    ):
        return None
    return getattr(user, "org_unit", None)


def units_q(user) -> Q:
    """Organisation units a staff member may place trainees in or pick from: their subtree."""
    if user.is_superuser:
        return Q()
    unit = scope_unit(user)
    if unit is None:
        return NOTHING
    # Each level below the unit as the ids of the level above (`parent_id IN (…)`), not as
    # `parent__parent…` joins: the joins, ORed, make the database join the whole tree to itself
    # three times on every read, whatever the unit; the subqueries read only its subtree. As
    # many levels as the unit's kind has below it (the tree has one level per kind,
    # OrgUnit.CHILD_KIND): each one more is a subquery more to build on every request.
    q = Q(pk=unit.pk)
    below = Q(parent_id=unit.pk)  # the next level down
    for _level in range(LEVELS_BELOW.get(unit.kind, 0)):
        q |= below
        below = Q(parent_id__in=OrgUnit.objects.filter(below).values("pk"))
    return q


def in_units(user, unit_id: int | None) -> bool:
    """Whether unit `unit_id` is one of `units_q(user)`. The top of the user's own subtree is
    answered without a query (a county's staff looking at their county's own records, the
    usual case); any other unit by one."""
    if user.is_superuser:
        return True
    unit = scope_unit(user)
    if unit is None or unit_id is None:
        return False
    if unit.pk == unit_id:
        return True
    return OrgUnit.objects.filter(units_q(user), pk=unit_id).exists()
