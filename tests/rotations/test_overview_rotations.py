"""The overview pages' rotations (rotations.selectors.overview_rotations): the hand-written
statement PostgreSQL runs gives what the ORM's two queries give, on varied data."""

import datetime as dt

from accounts.prepared import prepared_cursor
from rotations.selectors import (
    _OVERVIEW_ROTATIONS_SQL,
    _overview_rotation_rows,
    overview_rotations,
    rule_set,
)
from tests.factories import TraineeFactory

from .factories import PostFactory, RotationFactory, category


def _varied(world):
    """Posts with and without a village, shared by trainees, rotations ended and open-ended,
    a trainee without any, in an order that is not the ids'."""
    a, b, c = (TraineeFactory(township=world.township_a) for _ in range(3))
    in_village = PostFactory(township=world.township_a, village=world.village_a, name="村<岗>")
    plain = PostFactory(township=world.township_a, category=category("乡村振兴"))
    start = dt.date(2025, 8, 1)
    RotationFactory(trainee=a, post=plain, starts_on=start + dt.timedelta(days=200))
    RotationFactory(trainee=a, post=in_village, starts_on=start)
    RotationFactory(trainee=b, post=in_village, starts_on=start, ends_on=None)
    return [a, b, c]


def test_the_statement_gives_the_orms_rows(world):
    ids = [t.pk for t in _varied(world)]
    with prepared_cursor() as cursor:
        cursor.execute(_OVERVIEW_ROTATIONS_SQL, {"trainees": ids})
        ours = cursor.fetchall()
    assert [tuple(row) for row in ours] == _overview_rotation_rows(ids)
    assert len(ours) == 3 and {row[7] for row in ours} == {world.village_a.name, None}


def test_the_rows_by_trainee_in_date_order(world):
    a, b, c = _varied(world)
    rows = overview_rotations([a, b, c], rule_set())
    assert [len(rows[t.pk]) for t in (a, b, c)] == [2, 1, 0]
    first, second = rows[a.pk]
    assert first.starts_on < second.starts_on
    assert str(first.post) == f"{world.village_a.name} · 村<岗>"
    assert second.post.category.name == "乡村振兴"
    assert rows[b.pk][0].ends_on is None
    assert first.post is rows[b.pk][0].post  # one PostRef a post
