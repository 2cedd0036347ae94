"""A page of a list too big to count (accounts.pagination.uncounted_page): one query, and it
knows whether a next page exists."""

from accounts.pagination import uncounted_page
from cadets.models import Trainee
from tests.factories import TraineeFactory


def test_an_uncounted_page_knows_whether_a_next_page_exists(world, django_assert_num_queries):
    TraineeFactory.create_batch(6, township=world.township_a)
    ordered = Trainee.objects.order_by("name", "pk")
    everyone = list(ordered.all())
    with django_assert_num_queries(1):
        first = uncounted_page(ordered, 3, "1")
    assert list(first) == everyone[:3] and first.has_next() and not first.has_previous()
    last = uncounted_page(ordered, 3, 3)
    assert list(last) == everyone[6:9] and not last.has_next() and last.has_previous()
    assert uncounted_page(ordered, 3, "x").number == 1
    assert uncounted_page(ordered, 3, "-4").number == 1
