"""accounts.prepared: a Django cursor whose statements PostgreSQL prepares once per connection,
still logged and counted like any other query."""

from django.db import connection

from accounts.prepared import prepared_cursor

STATEMENT = "SELECT %s::int + 1, 'prepared-cursor-test'"


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_it_prepares_its_statements_and_is_counted(db, django_assert_num_queries):
    assert connection.vendor == "postgresql"
    assert not any("prepared-cursor-test" in s for s in _prepared_statements())
    with django_assert_num_queries(2):
        for value in (1, 41):
            with prepared_cursor() as cursor:
                cursor.execute(STATEMENT, [value])
                result = cursor.fetchone()
    assert result == (42, "prepared-cursor-test")
    assert sum("prepared-cursor-test" in s for s in _prepared_statements()) == 1


def test_the_other_cursors_stay_unprepared(db):
    with prepared_cursor() as cursor:  # preparing is on for the connection from now on
        cursor.execute(STATEMENT, [1])
    for _ in range(10):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 'client-side-test'")
    assert not any("client-side-test" in s for s in _prepared_statements())
