"""Records of care and support for the access matrix and the tests, built on tests/world.py:
"own" records hang off the `own` trainee, "other" records off the `other` trainee."""

from __future__ import annotations

import datetime as dt

from cadets.models import Programme
from support.models import CareRecord, Difficulty, Entitlement, EntitlementType

RAISED_ON = dt.date(2026, 11, 2)


def entitlement_type(world) -> EntitlementType:
    if "entitlement_type" not in world.extra:
        world.extra["entitlement_type"] = EntitlementType.objects.create(
            programme=Programme.current(),
            kind=EntitlementType.Kind.HOUSING,
            name="周转房",
            standard="单间",
        )
    return world.extra["entitlement_type"]


def difficulty_for(world, which: str, **values) -> Difficulty:
    key = f"difficulty_{which}"
    if key not in world.extra or values:
        defaults = {
            "category": Difficulty.Category.HOUSING,
            "description": "宿舍漏雨",
            "raised_on": RAISED_ON,
            "raised_by": world.users["city_staff"],
            "due_on": RAISED_ON + dt.timedelta(days=14),
        }
        world.extra[key] = Difficulty.objects.create(
            trainee=world.trainee(which), **{**defaults, **values}
        )
    return world.extra[key]


def care_for(world, which: str) -> CareRecord:
    return CareRecord.objects.create(
        trainee=world.trainee(which),
        kind=CareRecord.Kind.VISIT,
        held_on=RAISED_ON,
        leader="李书记",
        level=CareRecord.Level.UNIT,
        summary="走访慰问",
        recorded_by=world.users["city_staff"],
    )


def entitlement_for(world, which: str) -> Entitlement:
    key = f"entitlement_{which}"
    if key not in world.extra:
        world.extra[key] = Entitlement.objects.create(
            trainee=world.trainee(which), type=entitlement_type(world)
        )
    return world.extra[key]
