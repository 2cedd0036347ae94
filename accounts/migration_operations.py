"""Migration operations that only PostgreSQL runs (the embedded SQLite default skips them).

Django's own `CreateExtension` operations (e.g. `TrigramExtension`) already do nothing on other
databases; a GIN or operator-class index would fail there, so such indexes are created with
`PostgresOnlySQL` instead of `Meta.indexes` (issue 9, docs/benchmarks.md)."""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """`RunSQL` that runs on PostgreSQL and is a no-op on every other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
