"""Statements that PostgreSQL plans once per connection instead of on every request (issue 9).

Planning costs PostgreSQL more than running our hottest statements: 0.3 ms to plan the
request's user (accounts/backends.py) against 0.07 ms to run it, on every signed-in page;
1.8 ms to plan the trainee page's batch of sections (accounts/batch.py) against 2–4 ms to run
it. A prepared statement is parsed and planned once per connection — connections are kept
across requests (CONN_MAX_AGE) — and after five runs PostgreSQL keeps a generic plan when it is
no worse than the custom ones (plan_cache_mode "auto").

Django binds parameters on the client and turns prepared statements off (`prepare_threshold`
None) so that connection poolers in transaction mode keep working; we use no pooler. So
`prepared_cursor()` is opt-in, for the few statements whose text is the same on every request
(only their parameters change): a Django cursor — logged, counted by the query-count tests,
seen by `execute_wrapper` — that binds its parameters on the server and prepares what it runs.
Elsewhere than PostgreSQL it is the ordinary cursor.

Before putting a pooler in transaction mode (PgBouncer before 1.21) in front of the database,
make `prepared_cursor` return the ordinary cursor.
"""

from __future__ import annotations

import functools

from django.db import connections

# psycopg keeps this many prepared statements per connection (its default), the least recently
# used deallocated first.
PREPARED_MAX = 100


def prepared_cursor(using: str = "default"):
    connection = connections[using]
    if connection.vendor != "postgresql":
        return connection.cursor()
    # What connection.cursor() does, with a server-binding cursor that prepares.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turned preparing off for the connection; the client-binding cursors of the
        # rest of the code never prepare, whatever the threshold.
        raw.prepare_threshold = 5
        raw.prepared_max = PREPARED_MAX
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_preparing_cursor_class()(raw))


@functools.cache
def _preparing_cursor_class():
    # Imported late: the module needs psycopg, which SQLite installations lack.
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor
