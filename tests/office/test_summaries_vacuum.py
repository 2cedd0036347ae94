"""The beat's rebuild of the dashboard's summaries rewrites every row; it vacuums the tables
after, so that they do not grow with each rebuild however rarely autovacuum comes (it is off on
some servers), and the planner's statistics describe the rows just written."""

import pytest
from django.db import connection

from office.models import DueEntry, TraineeTally
from office.tasks import refresh_dashboard


def _pages(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s) / 8192", [model._meta.db_table])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_rebuilds_reuse_the_space_of_the_rows_they_replace(demo_city):
    refresh_dashboard()
    refresh_dashboard()
    assert DueEntry.objects.exists() and TraineeTally.objects.exists()
    after_two = {model: _pages(model) for model in (DueEntry, TraineeTally)}
    for _ in range(6):
        refresh_dashboard()
    # Without the vacuum, each rebuild adds a table's worth of dead rows: eight times the pages.
    for model, pages in after_two.items():
        assert _pages(model) <= pages + 1, model
