"""The demo city of `seed_demo`, seeded once per test session and laid into each test that asks.

Seeding the demo city takes most of a minute, and a dozen tests (the browser walk, the printable
documents, the due list's links, backup and restore, the benchmark command) start from it. The
session seeds it once with the real command inside a transaction, copies every table's rows out
with PostgreSQL's COPY and rolls back; a test then gets exactly those rows back, table by table,
in a fraction of a second (docs/decisions/0020-demo-city-once-per-session.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from psycopg import sql


@dataclass(frozen=True)
class DemoCityRows:
    """Every table's rows in COPY's binary format, referencing tables before referenced ones."""

    tables: tuple[tuple[str, bytes], ...]


def demo_city_tables() -> list[str]:
    """Our tables, each after the tables whose rows point at it (where they do not point back).

    Loading a referenced table after its referrers keeps the lock trigger of assessments
    (assessments/migrations/0002_lock_trigger.py) quiet: it refuses rows of a locked cycle, and
    the cycles arrive after their rows. Foreign keys are deferred to the commit, so the few
    tables that point at each other load in either order."""
    referenced_by: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        referenced_by.setdefault(table, set())
        for field in model._meta.concrete_fields:
            if field.remote_field is not None:
                referenced_by.setdefault(field.remote_field.model._meta.db_table, set()).add(table)
    order: list[str] = []
    seen: set[str] = set()

    def visit(table: str) -> None:
        if table in seen:
            return
        seen.add(table)
        for referrer in sorted(referenced_by[table]):
            visit(referrer)
        order.append(table)

    for table in sorted(referenced_by):
        visit(table)
    existing = set(connection.introspection.table_names(include_views=False))
    return [table for table in order if table in existing]


def demo_city_seed_and_copy() -> DemoCityRows:
    """Run `seed_demo` in a transaction, copy every table out, and roll the transaction back."""
    copied: list[tuple[str, bytes]] = []
    with transaction.atomic():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        with connection.cursor() as cursor:
            for table in demo_city_tables():
                statement = sql.SQL("COPY {} TO STDOUT (FORMAT BINARY)").format(
                    sql.Identifier(table)
                )
                with cursor.copy(statement) as copy:
                    copied.append((table, b"".join(bytes(block) for block in copy)))
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()
    return DemoCityRows(tuple(copied))


def demo_city_lay(rows: DemoCityRows) -> None:
    """Replace every table's rows with the demo city's, and move the sequences past them."""
    tables = [table for table, _ in rows.tables]
    style = no_style()
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(style, tables):
            cursor.execute(statement)
        for table, data in rows.tables:
            statement = sql.SQL("COPY {} FROM STDIN (FORMAT BINARY)").format(sql.Identifier(table))
            with cursor.copy(statement) as copy:
                copy.write(data)
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(style, models):
            cursor.execute(statement)
    ContentType.objects.clear_cache()
