"""Role predicates shared by every app's `rules.py`. What a user may *see* is scoping
(accounts/scoping.py); what they may *do* to a visible record is decided here and in the apps."""

import rules

from .models import Role


@rules.predicate
def is_city_staff(user) -> bool:
    return getattr(user, "role", None) == Role.CITY_STAFF


@rules.predicate
def is_county_staff(user) -> bool:
    return getattr(user, "role", None) == Role.COUNTY_STAFF


@rules.predicate
def is_unit_staff(user) -> bool:
    return getattr(user, "role", None) == Role.UNIT_STAFF


@rules.predicate
def is_mentor(user) -> bool:
    return getattr(user, "role", None) == Role.MENTOR


@rules.predicate
def is_trainee(user) -> bool:
    return getattr(user, "role", None) == Role.TRAINEE


is_superuser = rules.is_superuser
is_org_department = is_superuser | is_city_staff | is_county_staff
is_staff_member = is_org_department | is_unit_staff
