"""Database pieces of the no-overlap rule that only PostgreSQL has.

A trainee's rotations must never overlap. On PostgreSQL an exclusion constraint over
`daterange(starts_on, ends_on, '[]')` makes that the database's own rule (docs/architecture.md,
principle 3). The embedded SQLite default has no range types: there the constraint is neither
created nor validated, and the check in `rotations.services` alone applies.
"""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Func


class InclusiveDateRange(Func):
    """`daterange(lower, upper, '[]')`: both ends inclusive; a NULL upper end is open."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self, lower, upper, **extra) -> None:
        from django.db.models import Value

        super().__init__(lower, upper, Value("[]"), **extra)


class PostgresExclusionConstraint(ExclusionConstraint):
    """An ExclusionConstraint that other database vendors skip instead of failing on."""

    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS) -> None:
        if connections[using].vendor != "postgresql":
            return
        super().validate(model, instance, exclude=exclude, using=using)
