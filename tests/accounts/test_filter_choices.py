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


def test_one_query_gives_each_field_the_choices_its_queryset_gives(
    world, django_assert_num_queries
):
    from django import forms

    from accounts.filters import load_choices
    from cadets.models import Cohort
    from mentors.models import Mentor

    Cohort.objects.create(year=2031, name="2031届 <b>&")
    Cohort.objects.create(year=2019, name="2019届")

    class Choices(forms.Form):
        cohort = forms.ModelChoiceField(Cohort.objects.all())  # Meta.ordering: -year
        county = forms.ModelChoiceField(
            OrgUnit.objects.filter(kind=OrgUnit.Kind.COUNTY).order_by("-name"), empty_label=None
        )
        unit = forms.ModelChoiceField(OrgUnit.objects.order_by("parent__name", "code", "pk"))
        none = forms.ModelChoiceField(OrgUnit.objects.none())
        nothing = forms.ModelChoiceField(OrgUnit.objects.filter(pk__in=[]))
        mentor = forms.ModelChoiceField(Mentor.objects.all())  # no name: left to Django
        text = forms.CharField()

    selects = ("cohort", "county", "unit", "none", "nothing", "mentor")
    expected = {name: list(Choices().fields[name].widget.choices) for name in selects}
    form = Choices()
    with django_assert_num_queries(1):
        load_choices(form)
    for name in selects:
        ours = [(str(v), str(label)) for v, label in form.fields[name].widget.choices]
        assert ours == [(str(v), str(label)) for v, label in expected[name]], name
    assert len(expected["unit"]) == OrgUnit.objects.count() + 1


def test_above_the_county_townships_are_offered_once_a_county_is_chosen(world):
    from accounts.filters import township_choices

    city = AccountBackend().get_user(world.users["city_staff"].pk)
    nothing_chosen = township_choices(city, {})
    assert nothing_chosen.query.is_empty()  # known without asking the database
    assert _ids(township_choices(city, {"county": "x"})) == set()
    assert _ids(township_choices(city, {"county": str(world.county_b.pk)})) == {world.township_b.pk}
    chosen = township_choices(city, {"township": str(world.township_a.pk)})
    assert _ids(chosen) == {world.township_a.pk}
    county = AccountBackend().get_user(world.users["county_staff"].pk)
    assert world.township_a.pk in _ids(township_choices(county, {}))
