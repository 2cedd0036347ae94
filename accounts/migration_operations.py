"""Migration operations that only PostgreSQL runs (the embedded SQLite default skips them).

A GIN or operator-class index would fail on SQLite, so such indexes are created with
`PostgresOnlySQL` instead of `Meta.indexes`; `PostgresTrigramExtension` guards pg_trgm both
ways (issue 9, docs/benchmarks.md)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """`RunSQL` that runs on PostgreSQL and is a no-op on every other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class PostgresTrigramExtension(TrigramExtension):
    """pg_trgm. Django's operation skips other databases going forwards but not backwards
    (it looks for `pg_extension`): both directions are no-ops off PostgreSQL here."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
