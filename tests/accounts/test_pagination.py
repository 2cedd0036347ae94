"""The paginators of big lists (accounts/pagination.py) give the rows Django's Paginator gives."""

import pytest
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


@pytest.mark.parametrize("listed", [25, 20, 9, 10])
def test_a_late_page_brings_its_count_in_the_same_query(world, django_assert_num_queries, listed):
    # A full page's count is counted; a page that is not full (the last) tells it itself: both
    # must agree with Django's, at a page's boundary too (20 and 10 rows, 10 a page).
    for i in range(23):
        TraineeFactory(name=f"学员{i % 5}", township=world.township_a)
    ids = Trainee.objects.order_by("-pk").values_list("pk", flat=True)[:listed]
    ordered = Trainee.objects.filter(pk__in=list(ids)).order_by("name", "pk")
    plain = Paginator(ordered, 10)
    # The page's rows and the list's count: one query, as long as the page exists. Below 1:
    # counted, then the last page (as Django's get_page); past the end: one more query.
    for number in (1, 2, 3, "3", None, "x", "2.0", 0, -1, 99):
        late = LateRowPaginator(ordered, 10, select_related=("township",))
        expected = plain.get_page(number)
        if number in (0, -1):
            expected_queries = 2  # below 1: counted, then the last page (as Django)
        elif str(number).isdigit() and int(number) > plain.num_pages:
            expected_queries = 3  # past the end: the empty page, the count, the last page
        else:
            expected_queries = 1
        with django_assert_num_queries(expected_queries):
            page = late.get_page(number)
        assert (page.number, late.count, late.num_pages) == (
            expected.number,
            plain.count,
            plain.num_pages,
        )
        assert _names(page) == _names(expected)


def test_a_late_page_of_nothing_counts_nothing(world, django_assert_num_queries):
    nobody = Trainee.objects.filter(name="无此人").order_by("name", "pk")
    late = LateRowPaginator(nobody, 10)
    with django_assert_num_queries(1):
        page = late.get_page(1)
    assert list(page) == [] and late.count == 0 and late.num_pages == 1
    # Past the end: the empty page, the count, then the (empty) first page.
    with django_assert_num_queries(3):
        assert LateRowPaginator(nobody, 10).get_page(5).number == 1


def test_a_late_page_reads_only_the_columns_asked_for(world, django_assert_num_queries):
    TraineeFactory.create_batch(3, township=world.township_a)
    ordered = Trainee.objects.order_by("name", "pk")
    late = LateRowPaginator(
        ordered, 10, select_related=("township",), only=("name", "township__name")
    )
    with django_assert_num_queries(1):
        rows = list(late.get_page(1))
        assert all(t.name and t.township.name for t in rows)
    assert all(t.get_deferred_fields() >= {"phone", "id_number"} for t in rows)


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


def test_late_pages_of_an_order_with_ties_show_every_row_once(world):
    # Sorted by a date all of them share: the id breaks the ties, page after page.
    TraineeFactory.create_batch(23, township=world.township_a)
    by_day = Trainee.objects.order_by("-reported_on")
    late = LateRowPaginator(by_day, 5)
    seen = [t.pk for number in late.page_range for t in late.page(number)]
    assert sorted(seen) == sorted(Trainee.objects.values_list("pk", flat=True))
    assert len(seen) == len(set(seen))


def test_a_late_page_of_a_list_that_cannot_have_rows_asks_nothing(db, django_assert_num_queries):
    # A scope of no county compiles to "nothing": no query to run, an empty first page.
    impossible = Trainee.objects.filter(county_id__in=[]).order_by("name", "pk")
    with django_assert_num_queries(0):
        page = LateRowPaginator(impossible, 10).get_page(1)
    assert list(page) == [] and page.paginator.count == 0
