"""The trainee list's hand-written page query (cadets.selectors.TraineeListPaginator) returns
what the ORM's (accounts.pagination.LateRowPaginator) returns: the same trainees in the same
order with the same names, ID numbers and statuses, the same count and page numbers."""

import datetime as dt

import pytest

from accounts.pagination import LateRowPaginator
from cadets.models import Cohort, Trainee
from cadets.selectors import TraineeListPaginator
from tests.factories import TraineeFactory


def _row(trainee: Trainee) -> tuple:
    return (
        trainee.pk,
        trainee.name,
        trainee.id_number,
        trainee.status,
        (trainee.cohort.pk, trainee.cohort.name),
        (trainee.county.pk, trainee.county.name),
        (trainee.township.pk, trainee.township.name),
        trainee.get_deferred_fields(),
    )


@pytest.fixture
def varied(world):
    """Trainees in two townships and two cohorts, of every status, with shared names and days."""
    earlier, later = Trainee.objects.first().cohort, Cohort.objects.create(year=2031, name="2031届")
    statuses = Trainee.Status.values
    for i in range(37):
        TraineeFactory(
            name=["欧阳明远", "明远", "王芳", f"学员{i}"][i % 4],
            township=world.township_a if i % 3 else world.township_b,
            cohort=later if i % 2 else earlier,
            status=statuses[i % len(statuses)],
            reported_on=dt.date(2025, 8, 1 + i % 3),
        )
    return world


ORDERINGS = [(), ("-reported_on",), ("cohort__year",), ("-cohort__year", "name"), ("name", "pk")]


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("per_page", [10, 25, 37, 50])
def test_pages_match_the_orms(varied, ordering, per_page):
    lists = [
        Trainee.objects.all(),
        Trainee.objects.filter(name__contains="明远"),
        Trainee.objects.filter(township=varied.township_b),
        Trainee.objects.filter(name="无此人"),
        Trainee.objects.filter(county_id__in=[]),  # a scope of no county: nothing to run
    ]
    for trainees in lists:
        trainees = trainees.order_by(*ordering) if ordering else trainees
        for number in (1, 2, 3, 4, 9, "x", None, -1):
            ours = TraineeListPaginator(trainees, per_page)
            orm = LateRowPaginator(
                trainees,
                per_page,
                select_related=TraineeListPaginator.SELECT_RELATED,
                only=TraineeListPaginator.ONLY,
            )
            page, expected = ours.get_page(number), orm.get_page(number)
            assert [_row(t) for t in page] == [_row(t) for t in expected]
            assert (page.number, ours.count, ours.num_pages) == (
                expected.number,
                orm.count,
                orm.num_pages,
            )


def test_a_page_and_its_rows_are_one_query(varied, django_assert_num_queries):
    everyone = Trainee.objects.count()
    with django_assert_num_queries(1):
        page = TraineeListPaginator(Trainee.objects.order_by("name", "pk"), 25).get_page(1)
        assert all(t.cohort.name and t.county.name and t.township.name for t in page)
        assert page.paginator.count == everyone
