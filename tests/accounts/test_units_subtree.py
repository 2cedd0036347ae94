"""units_q is a staff member's whole subtree, at every level of a five-level province, and
nothing of a neighbouring branch (it reads the levels below a unit as subqueries, one per
level: a level left out would hide the villages of a province, say)."""

from accounts.models import OrgUnit, Role
from accounts.scoping import in_units, units_q
from tests.factories import OrgUnitFactory, UserFactory

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
