"""The paginators of big lists (accounts/pagination.py) give the rows Django's Paginator gives."""

from django.core.paginator import Paginator

from accounts.pagination import LateRowPaginator, uncounted_page
from cadets.models import Trainee
from tests.factories import TraineeFactory


def _names(rows) -> list[tuple[str, int]]:
    return [(t.name, t.pk) for t in rows]


def test_late_rows_are_the_same_rows_in_the_same_order(world, django_assert_num_queries):
    for i in range(23):
        # Repeated names: the order falls back to the id, as the list's ordering says.
        TraineeFactory(name=f"学员{i % 5}", township=world.township_a)
    ordered = Trainee.objects.order_by("name", "pk")
    plain = Paginator(ordered, 10)
    late = LateRowPaginator(ordered, 10, select_related=("cohort", "township"))
    assert late.num_pages == plain.num_pages == 3
    for number in (1, 2, 3):
        with django_assert_num_queries(1):  # the count is known already: the page is one query
            rows = list(late.page(number))
        assert _names(rows) == _names(plain.page(number))
    # The joined rows come with the page: no query per row.
    with django_assert_num_queries(1):
        assert all(t.township.name and t.cohort.name for t in late.page(1))
    assert late.get_page(99).number == 3


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
