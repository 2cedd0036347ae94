"""accounts.batch.fetch_together gives what evaluating each queryset gives, in one query."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from accounts.batch import fetch_together
from accounts.models import OrgUnit
from cadets.models import Trainee
from tests.factories import TraineeFactory


def test_several_querysets_come_back_as_evaluated_in_one_query(world):
    TraineeFactory.create_batch(3, township=world.township_a)
    querysets = {
        "trainees": Trainee.objects.select_related("cohort", "township", "village").order_by(
            "name", "pk"
        )[:2],
        "units": OrgUnit.objects.annotate(n=Count("children")).order_by("code"),
        "values": Trainee.objects.order_by().values("county_id").annotate(n=Count("pk")),
        "none": Trainee.objects.none(),
    }
    expected = {name: list(qs.all()) for name, qs in querysets.items()}
    with CaptureQueriesContext(connection) as captured:
        fetched = fetch_together(querysets)
    assert len(captured) == 1
    assert fetched == expected
    first, original = fetched["trainees"][0], expected["trainees"][0]
    # Encrypted and date fields read as the ORM reads them; joined rows need no query.
    assert first.id_number == original.id_number
    assert first.birth_date == original.birth_date
    with CaptureQueriesContext(connection) as captured:
        assert first.cohort.name == original.cohort.name
        assert first.township.name == original.township.name
    assert len(captured) == 0
    assert [u.n for u in fetched["units"]] == [u.n for u in expected["units"]]


def test_a_prepared_batch_gives_the_same_rows(world):
    # Parameters bound by the server (accounts/prepared.py) instead of written into the SQL.
    TraineeFactory.create_batch(3, township=world.township_a)
    for _ in range(7):  # past the five custom plans, PostgreSQL may keep a generic one
        querysets = {
            "trainees": Trainee.objects.filter(township=world.township_a, name__contains="学")
            .select_related("cohort", "township")
            .order_by("name", "pk")[:2],
            "units": OrgUnit.objects.filter(kind__in=["county", "township"])
            .annotate(n=Count("children"))
            .order_by("code"),
            "values": Trainee.objects.order_by().values("county_id").annotate(n=Count("pk")),
        }
        expected = {name: list(qs.all()) for name, qs in querysets.items()}
        with CaptureQueriesContext(connection) as captured:
            assert fetch_together(querysets, prepare=True) == expected
        assert len(captured) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                       ["SELECT (SELECT COALESCE(json_agg%"])  # fmt: skip
        assert cursor.fetchone()[0] == 1


def test_values_name_their_columns_in_the_order_asked_annotations_first_or_not(world):
    # A bug the dashboard met: an annotation named before a field in values() came back under
    # the field's name.
    TraineeFactory.create_batch(2, township=world.township_a)
    querysets = {
        "annotation first": Trainee.objects.annotate(n=Count("pk"))
        .values("n", "county_id")
        .order_by("county_id"),
        "plain": OrgUnit.objects.values("code", "name").order_by("code"),
    }
    expected = {name: list(qs.all()) for name, qs in querysets.items()}
    assert fetch_together(querysets) == expected


def test_a_constant_is_compiled_once_and_read_fresh_each_time(world):
    """accounts.batch.Constant: the statement compiled on the first call, the rows read on
    every call, alone or with others, the same as evaluating the queryset."""
    from accounts.batch import Constant

    def units():
        return OrgUnit.objects.annotate(n=Count("children")).order_by("code")

    constant = Constant(units)
    first = fetch_together({"units": constant})["units"]
    assert [(u.pk, u.n) for u in first] == [(u.pk, u.n) for u in units()]
    assert list(constant._compiled) == [connection.alias]
    statement = constant._compiled[connection.alias]
    OrgUnit.objects.create(
        name="新乡镇", kind=OrgUnit.Kind.TOWNSHIP, code="zz-new", parent=world.county_a
    )
    with CaptureQueriesContext(connection) as captured:
        second = fetch_together({"units": constant, "none": Trainee.objects.none()})["units"]
    assert len(captured) == 1
    assert constant._compiled[connection.alias] is statement  # not compiled again
    assert [u.name for u in second][-1] == "新乡镇" and len(second) == len(first) + 1
