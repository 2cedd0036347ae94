"""A small world with one user per role, an "own" trainee that every role can reach and an
"other" trainee in another county that only city staff and the superuser can reach.

Tests of every app build on it; add what your app needs in your own fixtures, keeping the rule:
`own` is inside every role's scope, `other` is outside all but the city's."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import OrgUnit, Role, User

from .factories import MentorFactory, MentorshipFactory, OrgUnitFactory, TraineeFactory, UserFactory

ROLES = ["anonymous", "superuser", "city_staff", "county_staff", "unit_staff", "mentor", "trainee"]


@dataclass
class World:
    city: OrgUnit
    county_a: OrgUnit
    county_b: OrgUnit
    township_a: OrgUnit
    township_b: OrgUnit
    village_a: OrgUnit
    users: dict[str, User | None]
    own: object  # the Trainee inside everyone's scope
    other: object  # the Trainee outside all but the city's scope
    mentor: object
    extra: dict = field(default_factory=dict)

    def trainee(self, which: str):
        return self.own if which == "own" else self.other


def build_world() -> World:
    city = OrgUnitFactory(name="测试市", kind=OrgUnit.Kind.CITY)
    county_a = OrgUnitFactory(name="甲县", kind=OrgUnit.Kind.COUNTY, parent=city)
    county_b = OrgUnitFactory(name="乙县", kind=OrgUnit.Kind.COUNTY, parent=city)
    township_a = OrgUnitFactory(name="甲镇", kind=OrgUnit.Kind.TOWNSHIP, parent=county_a)
    township_b = OrgUnitFactory(name="乙镇", kind=OrgUnit.Kind.TOWNSHIP, parent=county_b)
    village_a = OrgUnitFactory(name="甲村", kind=OrgUnit.Kind.VILLAGE, parent=township_a)
    OrgUnitFactory(name="乙村", kind=OrgUnit.Kind.VILLAGE, parent=township_b)

    users: dict[str, User | None] = {
        "anonymous": None,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        "city_staff": UserFactory(username="city", role=Role.CITY_STAFF, org_unit=city),
        "county_staff": UserFactory(username="county", role=Role.COUNTY_STAFF, org_unit=county_a),
        "unit_staff": UserFactory(username="township", role=Role.UNIT_STAFF, org_unit=township_a),
        "mentor": UserFactory(username="mentor", role=Role.MENTOR),
        "trainee": UserFactory(username="trainee", role=Role.TRAINEE),
    }
    own = TraineeFactory(name="本人", village=village_a, user=users["trainee"])
    other_user = UserFactory(username="other-trainee", role=Role.TRAINEE)
    other = TraineeFactory(name="他人", township=township_b, user=other_user)
    mentor = MentorFactory(user=users["mentor"], unit=township_a)
    MentorshipFactory(trainee=own, mentor=mentor)
    return World(
        city=city,
        county_a=county_a,
        county_b=county_b,
        township_a=township_a,
        township_b=township_b,
        village_a=village_a,
        users=users,
        own=own,
        other=other,
        mentor=mentor,
    )
