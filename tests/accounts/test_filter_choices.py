"""The counties and townships a filter offers are the user's scope (accounts.scoping.units_q)."""

from accounts.backends import AccountBackend
from accounts.filters import county_choices, township_choices
from accounts.models import OrgUnit
from accounts.scoping import units_q


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_choices_are_the_scope_for_every_role(world):
    for role, user in world.users.items():
        if user is None:
            continue
        for who in (user, AccountBackend().get_user(user.pk)):
            in_scope = OrgUnit.objects.filter(units_q(who))
            counties = _ids(in_scope.filter(kind=OrgUnit.Kind.COUNTY))
            townships = _ids(in_scope.filter(kind=OrgUnit.Kind.TOWNSHIP))
            assert _ids(county_choices(who)) == counties, role
            chosen = {"county": str(world.county_a.pk)}
            assert _ids(township_choices(who, chosen)) <= townships, role
    county = AccountBackend().get_user(world.users["county_staff"].pk)
    assert _ids(county_choices(county)) == {world.county_a.pk}
    city = AccountBackend().get_user(world.users["city_staff"].pk)
    assert _ids(county_choices(city)) == {world.county_a.pk, world.county_b.pk}


def test_above_the_county_townships_are_offered_once_a_county_is_chosen(world):
    city = AccountBackend().get_user(world.users["city_staff"].pk)
    nothing_chosen = township_choices(city, {})
    assert nothing_chosen.query.is_empty()  # known without asking the database
    assert _ids(township_choices(city, {"county": "x"})) == set()
    assert _ids(township_choices(city, {"county": str(world.county_b.pk)})) == {world.township_b.pk}
    chosen = township_choices(city, {"township": str(world.township_a.pk)})
    assert _ids(chosen) == {world.township_a.pk}
    county = AccountBackend().get_user(world.users["county_staff"].pk)
    assert world.township_a.pk in _ids(township_choices(county, {}))
