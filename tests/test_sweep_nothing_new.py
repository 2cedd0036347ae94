"""A sweep that finds nothing new reads each provider's ids and nothing else (DueRows.settled):
the items an earlier sweep told of — trainees short of hours, a township's missing attendance
sheet, a missing follow-up record, an overdue difficulty, the monthly mentoring record — are
left out in the database, so the sweep's queries are the same however many are due."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from notifications.due import DueRows, SweepContext, providers
from notifications.models import ReminderSettings
from notifications.services import sweep_run
from tests.factories import TraineeFactory, UserFactory
from tests.support.builders import difficulty_for

# A day on which every one of these is due or overdue: the year ends within the 90 days of the
# hours' lead time, November's sheet was due on the 5th, the 2025 follow-up record on
# 2026-01-31.
DAY = dt.date(2026, 12, 10)
# A query that reads the id column alone.
ID_ONLY = re.compile(r'^SELECT (DISTINCT )?"\w+"\."id"( AS "\w+")? FROM')


def _more_due(world, n: int) -> None:
    for i in range(n):
        # No hours this year (and the yearly research report is coming due).
        TraineeFactory(township=world.township_a, user=UserFactory(role=Role.TRAINEE))
        TraineeFactory(  # training ended in 2023: the 2025 follow-up record is missing
            township=world.township_a, reported_on=dt.date(2021, 8, 1), status="completed"
        )
        difficulty_for(world, "own", due_on=dt.date(2026, 12, 1), description=f"困难{i}")


def _second_sweep() -> tuple[int, list[str]]:
    """A sweep of DAY after one that told of everything: (notifications made, its queries)."""
    sweep_run(today=DAY)
    with CaptureQueriesContext(connection) as captured:
        created = sweep_run(today=DAY).created_count
    return created, [q["sql"] or "" for q in captured]


def _provider_tables() -> set[str]:
    ctx = SweepContext(today=DAY, config=ReminderSettings.current())
    return {
        part.rows.model._meta.db_table
        for provide in providers().values()
        for part in provide.parts(ctx)
        if isinstance(part, DueRows) and not part.rows.query.is_empty()
    }


def test_a_sweep_with_nothing_new_due_asks_the_same_few_queries_however_many_are_due(world):
    # Everything has someone to tell: an item told to nobody is never settled.
    UserFactory(role=Role.UNIT_STAFF, org_unit=world.township_b)
    _more_due(world, 1)
    created, few = _second_sweep()
    _more_due(world, 4)
    created_later, many = _second_sweep()

    assert created == created_later == 0
    assert len(many) == len(few)
    # Only the ids of these providers' rows: neither their rows nor recipients are read.
    tables = {"cadets_trainee", "support_difficulty", "mentors_mentorship"}
    assert tables <= _provider_tables()
    reads = [
        sql
        for sql in many
        if any(f'FROM "{t}"' in sql for t in tables) and not re.match(ID_ONLY, sql)
    ]
    assert reads == []
    assert not any('FROM "accounts_user"' in sql for sql in many)
