"""units_q is a staff member's whole subtree, at every level of a five-level province, and
nothing of a neighbouring branch (it reads the levels below a unit as subqueries, one per
level: a level left out would hide the villages of a province, say)."""

from accounts.backends import AccountBackend
from accounts.models import OrgUnit, Role
from accounts.scoping import in_units, trainee_q, units_q
from cadets.models import Trainee
from tests.factories import OrgUnitFactory, TraineeFactory, UserFactory

KINDS = [
    OrgUnit.Kind.PROVINCE,
    OrgUnit.Kind.CITY,
    OrgUnit.Kind.COUNTY,
    OrgUnit.Kind.TOWNSHIP,
    OrgUnit.Kind.VILLAGE,
]
ROLE_OF = {
    OrgUnit.Kind.PROVINCE: Role.CITY_STAFF,
    OrgUnit.Kind.CITY: Role.CITY_STAFF,
    OrgUnit.Kind.COUNTY: Role.COUNTY_STAFF,
    OrgUnit.Kind.TOWNSHIP: Role.UNIT_STAFF,
}


def _branch(parent, kinds) -> list[OrgUnit]:
    """Two children of each unit, down to the villages: every unit of the branch."""
    if not kinds:
        return []
    units = []
    for _ in range(2):
        unit = OrgUnitFactory(kind=kinds[0], parent=parent)
        units += [unit, *_branch(unit, kinds[1:])]
    return units


def _subtree(unit, units) -> set[int]:
    children: dict[int | None, list[OrgUnit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    found, todo = set(), [unit]
    while todo:
        u = todo.pop()
        found.add(u.pk)
        todo += children.get(u.pk, [])
    return found


def test_each_staff_level_sees_its_whole_subtree_and_nothing_beside_it(db):
    province = OrgUnitFactory(kind=OrgUnit.Kind.PROVINCE)
    units = [province, *_branch(province, KINDS[1:])]
    assert {u.kind for u in units} == set(KINDS)
    for kind, role in ROLE_OF.items():
        unit = next(u for u in units if u.kind == kind)
        staff = UserFactory(role=role, org_unit=unit)
        seen = set(OrgUnit.objects.filter(units_q(staff)).values_list("pk", flat=True))
        assert seen == _subtree(unit, units), kind
        # A village under the unit is in scope (the deepest level), the sibling branch is not.
        assert any(OrgUnit.objects.get(pk=pk).kind == OrgUnit.Kind.VILLAGE for pk in seen)
        assert len(seen) < len(units) or kind == OrgUnit.Kind.PROVINCE


def test_city_and_province_staff_see_the_trainees_of_every_county_below_them(
    db, django_assert_num_queries
):
    """Their filter names the counties below their unit by id (accounts.scoping
    `counties_below`): loaded with the request's user, or read once for a user object of a
    task, and read again when the user's unit changes."""
    province = OrgUnitFactory(kind=OrgUnit.Kind.PROVINCE)
    units = [province, *_branch(province, KINDS[1:4])]
    trainees = {
        unit.pk: TraineeFactory(township=unit)
        for unit in units
        if unit.kind == OrgUnit.Kind.TOWNSHIP
    }
    far = OrgUnitFactory(kind=OrgUnit.Kind.COUNTY, parent=OrgUnitFactory(kind=OrgUnit.Kind.CITY))
    elsewhere = TraineeFactory(township=OrgUnitFactory(kind=OrgUnit.Kind.TOWNSHIP, parent=far))
    city = next(u for u in units if u.kind == OrgUnit.Kind.CITY)
    for unit in (province, city):
        staff = UserFactory(role=Role.CITY_STAFF, org_unit=unit)
        expected = {t.pk for t in trainees.values() if t.county_id in _subtree(unit, units)}
        assert len(expected) == (8 if unit == province else 4)
        request_user = AccountBackend().get_user(staff.pk)
        with django_assert_num_queries(1):  # the trainees only: the ids came with the user
            seen = set(Trainee.objects.filter(trainee_q(request_user)).values_list("pk", flat=True))
        assert seen == expected and elsewhere.pk not in seen
        task_user = UserFactory._meta.model.objects.select_related("org_unit").get(pk=staff.pk)
        with django_assert_num_queries(3):  # the counties once, then the trainees twice
            for _ in range(2):
                seen = set(
                    Trainee.objects.filter(trainee_q(task_user)).values_list("pk", flat=True)
                )
        assert seen == expected
    # Moved to another unit, the same user object is given that unit's counties.
    task_user.org_unit = province
    assert set(Trainee.objects.filter(trainee_q(task_user)).values_list("pk", flat=True)) == {
        t.pk for t in trainees.values()
    }


def test_in_units_answers_as_units_q_and_the_own_unit_without_a_query(
    db, django_assert_num_queries
):
    province = OrgUnitFactory(kind=OrgUnit.Kind.PROVINCE)
    units = [province, *_branch(province, KINDS[1:])]
    county = next(u for u in units if u.kind == OrgUnit.Kind.COUNTY)
    staff = UserFactory(role=Role.COUNTY_STAFF, org_unit=county)
    mentor = UserFactory(role=Role.MENTOR, org_unit=county)
    seen = set(OrgUnit.objects.filter(units_q(staff)).values_list("pk", flat=True))
    for unit in units:
        assert in_units(staff, unit.pk) == (unit.pk in seen), unit.kind
        assert not in_units(mentor, unit.pk)
    with django_assert_num_queries(0):
        assert in_units(staff, county.pk)
