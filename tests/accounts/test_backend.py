"""The request's user (accounts/backends.py): on PostgreSQL it is loaded with a hand-written
query; it must be the same user, unit, bell count and county scope as the ORM's query."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from accounts.backends import AccountBackend, _load_user_orm, _load_user_sql
from accounts.models import OrgUnit, Role
from notifications.models import Notification
from tests.factories import OrgUnitFactory, UserFactory


def _as_dict(user):
    fields = {f.attname: getattr(user, f.attname) for f in user._meta.concrete_fields}
    unit = user.org_unit
    fields["unit"] = (
        None
        if unit is None
        else {f.attname: getattr(unit, f.attname) for f in unit._meta.concrete_fields}
    )
    fields["unread"] = user.unread_notification_count
    counties = getattr(user, "scope_county_ids", None)
    fields["counties"] = None if counties is None else sorted(counties)
    return fields


@pytest.fixture
def province(world):
    province = OrgUnitFactory(name="测试省", kind=OrgUnit.Kind.PROVINCE)
    world.city.parent = province
    world.city.save()
    return UserFactory(username="province", role=Role.CITY_STAFF, org_unit=province)


def test_hand_written_user_query_matches_the_orm(world, province, django_assert_num_queries):
    assert connection.vendor == "postgresql"
    ct = ContentType.objects.get_for_model(world.own)
    Notification.objects.bulk_create(
        Notification(recipient=world.users["city_staff"], kind="tests.example", subject_type=ct,
                     subject_id=world.own.pk, period=f"p{i}", title="提醒", read_at=read_at)
        for i, read_at in enumerate([None, None, timezone.now()])
    )  # fmt: skip
    users = [u for u in world.users.values() if u is not None] + [province]
    for user in users:
        with django_assert_num_queries(1):
            by_hand = _load_user_sql(user.pk)
        assert _as_dict(by_hand) == _as_dict(_load_user_orm(user.pk)), user.username
        assert by_hand.org_unit == user.org_unit
    city = _load_user_sql(world.users["city_staff"].pk)
    assert city.unread_notification_count == 2
    assert sorted(city.scope_county_ids) == sorted([world.county_a.pk, world.county_b.pk])
    assert sorted(_load_user_sql(province.pk).scope_county_ids) == sorted(city.scope_county_ids)
    assert _load_user_sql(world.users["county_staff"].pk).scope_county_ids is None


def test_unknown_and_inactive_users_are_nobody(world):
    backend = AccountBackend()
    assert backend.get_user(10**9) is None
    user = world.users["county_staff"]
    user.is_active = False
    user.save()
    assert backend.get_user(user.pk) is None


def test_scoping_by_county_list_sees_what_the_unit_tree_sees(world, province):
    from cadets.models import Trainee

    for user in (world.users["city_staff"], province):
        loaded = AccountBackend().get_user(user.pk)
        assert loaded.scope_county_ids is not None
        by_list = set(Trainee.objects.visible_to(loaded).values_list("pk", flat=True))
        by_tree = set(Trainee.objects.visible_to(user).values_list("pk", flat=True))
        assert by_list == by_tree == {world.own.pk, world.other.pk}


def test_staff_of_one_of_two_cities_see_their_own_trainees_only(world):
    from cadets.models import Trainee
    from tests.factories import TraineeFactory

    other_city = OrgUnitFactory(name="另一市", kind=OrgUnit.Kind.CITY)
    far_county = OrgUnitFactory(name="远县", kind=OrgUnit.Kind.COUNTY, parent=other_city)
    far_township = OrgUnitFactory(name="远镇", kind=OrgUnit.Kind.TOWNSHIP, parent=far_county)
    far = TraineeFactory(name="远方", township=far_township)
    city = AccountBackend().get_user(world.users["city_staff"].pk)
    assert not city.scope_all_counties
    seen = set(Trainee.objects.visible_to(city).values_list("pk", flat=True))
    assert seen == {world.own.pk, world.other.pk} and far.pk not in seen
    # With one city only, its staff's counties are all there are: no filter is needed.
    far.delete()
    far_township.delete()
    far_county.delete()
    assert AccountBackend().get_user(world.users["city_staff"].pk).scope_all_counties


def test_hand_written_permissions_match_the_orm(world, django_assert_num_queries):
    from django.contrib.auth.models import Group, Permission

    from accounts.backends import _permissions_orm, _permissions_sql

    reveal = Group.objects.create(name="测试-查看证件号")
    reveal.permissions.add(*Permission.objects.filter(codename__in=["view_trainee", "add_trainee"]))
    county, city = world.users["county_staff"], world.users["city_staff"]
    county.groups.add(reveal)
    county.user_permissions.add(Permission.objects.get(codename="add_trainee"))  # also by group
    city.user_permissions.add(Permission.objects.get(codename="change_orgunit"))
    for user in [u for u in world.users.values() if u is not None]:
        with django_assert_num_queries(1):
            by_hand = _permissions_sql(user)
        assert by_hand == _permissions_orm(user), user.username
    assert _permissions_sql(county) == {"cadets.view_trainee", "cadets.add_trainee"}
    assert _permissions_sql(city) == {"accounts.change_orgunit"}
    assert _permissions_sql(world.users["mentor"]) == set()
    assert len(_permissions_sql(world.users["superuser"])) == Permission.objects.count()
