"""Careers records on top of tests/world.py, cached in `world.extra` so that the access matrix
(which only gets the world) and this app's tests share them.

- a pending transfer of `own` and of `other`, each drafted by the county staff;
- a post profile kept by county A (`own`) and one by county B (`other`), each with a shortlist
  of its county's trainee."""

from __future__ import annotations

import datetime as dt

from accounts.models import Role
from careers import services
from careers.models import PostProfile, Shortlist, ShortlistEntry, Transfer
from tests.factories import UserFactory


def careers_world(world) -> dict:
    if "careers" in world.extra:
        return world.extra["careers"]
    drafter_b = UserFactory(role=Role.COUNTY_STAFF, org_unit=world.county_b)
    data: dict = {}
    for which, county, drafter in (
        ("own", world.county_a, world.users["county_staff"]),
        ("other", world.county_b, drafter_b),
    ):
        trainee = world.trainee(which)
        data[f"transfer_{which}"] = services.transfer_draft(
            actor=drafter,
            transfer=Transfer(
                trainee=trainee,
                kind=Transfer.Kind.SECONDMENT_UP,
                from_unit=trainee.township,
                to_body="市委组织部",
                effective_on=dt.date(2027, 3, 1),
            ),
        )
        profile = PostProfile.objects.create(
            name=f"乡镇副职 {which}", scope=PostProfile.Scope.ALL, owner_unit=county
        )
        shortlist = Shortlist.objects.create(profile=profile)
        ShortlistEntry.objects.create(shortlist=shortlist, trainee=trainee, position=1)
        data[f"profile_{which}"] = profile
        data[f"shortlist_{which}"] = shortlist
    world.extra["careers"] = data
    return data


def transfer_pk(world, which: str) -> dict:
    return {"pk": careers_world(world)[f"transfer_{which}"].pk}


def profile_pk(world, which: str) -> dict:
    return {"pk": careers_world(world)[f"profile_{which}"].pk}


def shortlist_pk(world, which: str) -> dict:
    return {"pk": careers_world(world)[f"shortlist_{which}"].pk}
