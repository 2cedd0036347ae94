"""The counties and townships a filter offers are the user's scope (accounts.scoping.units_q),
whether they come from the counties loaded with the user or from the unit tree."""

from accounts.backends import AccountBackend
from accounts.filters import _townships_in_scope, county_choices
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
            assert _ids(_townships_in_scope(who)) == townships, role
    county = AccountBackend().get_user(world.users["county_staff"].pk)
    assert _ids(county_choices(county)) == {world.county_a.pk}
    city = AccountBackend().get_user(world.users["city_staff"].pk)
    assert _ids(county_choices(city)) == {world.county_a.pk, world.county_b.pk}
