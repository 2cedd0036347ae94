"""The request's user (accounts/backends.py) comes with their unit and the bell's unread count
in one query; unknown and inactive users are nobody; scoping sees the unit's subtree only."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.backends import AccountBackend
from accounts.models import OrgUnit
from notifications.models import Notification
from notifications.selectors import unread_count
from tests.factories import OrgUnitFactory


def test_the_user_comes_with_their_unit_and_unread_count_in_one_query(
    world, django_assert_num_queries
):
    city_staff = world.users["city_staff"]
    ct = ContentType.objects.get_for_model(world.own)
    Notification.objects.bulk_create(
        Notification(recipient=city_staff, kind="tests.example", subject_type=ct,
                     subject_id=world.own.pk, period=f"p{i}", title="提醒", read_at=read_at)
        for i, read_at in enumerate([None, None, timezone.now()])
    )  # fmt: skip
    with django_assert_num_queries(1):
        user = AccountBackend().get_user(city_staff.pk)
        assert user.org_unit == city_staff.org_unit
        assert unread_count(user) == 2


def test_unknown_and_inactive_users_are_nobody(world):
    backend = AccountBackend()
    assert backend.get_user(10**9) is None
    user = world.users["county_staff"]
    user.is_active = False
    user.save()
    assert backend.get_user(user.pk) is None


def test_staff_of_one_of_two_cities_see_their_own_trainees_only(world):
    from cadets.models import Trainee
    from tests.factories import TraineeFactory

    other_city = OrgUnitFactory(name="另一市", kind=OrgUnit.Kind.CITY)
    far_county = OrgUnitFactory(name="远县", kind=OrgUnit.Kind.COUNTY, parent=other_city)
    far_township = OrgUnitFactory(name="远镇", kind=OrgUnit.Kind.TOWNSHIP, parent=far_county)
    far = TraineeFactory(name="远方", township=far_township)
    city = AccountBackend().get_user(world.users["city_staff"].pk)
    seen = set(Trainee.objects.visible_to(city).values_list("pk", flat=True))
    assert seen == {world.own.pk, world.other.pk} and far.pk not in seen
