# ruff: noqa: S608 -- the statement wraps SQL compiled by Django; every value is a parameter.
"""Several querysets in one round trip (issue 9: a page with many small sections).

A page like the trainee page shows a dozen short lists of different tables — each one query
through the ORM, a dozen round trips for a few rows each. `fetch_together` runs them as ONE
statement on PostgreSQL: every queryset, compiled by Django as usual (scoping, select_related,
annotations, ordering, slicing), becomes a `json_agg` subquery, a column of one row, and its rows
are turned back into model instances (or `values()` dicts) the way Django's own iterables do —
field converters included, so encrypted and JSON fields read as usual.

Elsewhere (SQLite, the embedded default) each queryset is simply evaluated: the same results,
one query each. `prefetch_related` is not supported inside a batch: fetch the related rows as a
queryset of their own and join them in Python.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from decimal import Decimal

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators

from .prepared import prepared_cursor

# json_build_array takes at most 100 arguments: wider rows are built from chunks.
_CHUNK = 90


class Constant:
    """A queryset that is the same on every request — no parameter depends on the request —
    which `fetch_together` compiles once a process and runs fresh each time. Django took 4 ms
    (benchmark machine) to compile the rotation rules' five subqueries on every page that
    shows a coverage (issue 9; docs/decisions/0011)."""

    def __init__(self, make: Callable[[], QuerySet]) -> None:
        self.make = make
        self._compiled: dict[str, tuple] = {}

    def compiled(self, db: str) -> tuple[QuerySet, object, str, tuple]:
        if db not in self._compiled:
            qs = self.make().using(db)
            compiler = qs.query.get_compiler(using=db)
            sql, params = compiler.as_sql(with_col_aliases=True)
            self._compiled[db] = (qs, compiler, sql, tuple(params))
        return self._compiled[db]


def fetch_together(
    querysets: dict[str, QuerySet | Constant], *, prepare: bool = False
) -> dict[str, list]:
    """name → the queryset's results (a list), in one query on PostgreSQL.

    `prepare`: PostgreSQL plans the statement once per connection (accounts/prepared.py), for
    a page whose statement is the same on every request but for its parameters (one trainee's
    sections: planning them took 1.8 ms, as long as running them). A `Constant` is compiled
    once a process, and goes through this statement even alone."""
    querysets = {name: qs for name, qs in querysets.items() if qs is not None}
    if not querysets:
        return {}
    db = next(_queryset(qs) for qs in querysets.values()).db
    connection = connections[db]
    constant = any(isinstance(qs, Constant) for qs in querysets.values())
    batchable = connection.vendor == "postgresql" and (len(querysets) > 1 or constant)
    if not batchable or any(not _supported(_queryset(qs)) for qs in querysets.values()):
        return {name: list(_queryset(qs)) for name, qs in querysets.items()}
    columns, params, compilers = [], [], {}
    for name, qs in querysets.items():
        if isinstance(qs, Constant):
            querysets[name], compiler, sql, qs_params = qs.compiled(db)
        elif qs.query.is_empty():
            compilers[name] = None
            continue
        else:
            compiler = qs.query.get_compiler(using=db)
            sql, qs_params = compiler.as_sql(with_col_aliases=True)
        names = [connection.ops.quote_name(alias) for _col, _sql, alias in compiler.select]
        chunks = [names[i : i + _CHUNK] for i in range(0, len(names), _CHUNK)]
        row = "json_build_array({})".format(
            ", ".join(
                "json_build_array({})".format(", ".join(f"q.{n}" for n in chunk))
                for chunk in chunks
            )
        )
        # json_agg keeps the order of the (ordered, possibly sliced) subquery it reads.
        columns.append(f"(SELECT COALESCE(json_agg({row}), '[]')::text FROM ({sql}) q)")
        params.extend(qs_params)
        compilers[name] = compiler
    results = {name: [] for name, compiler in compilers.items() if compiler is None}
    if columns:
        with prepared_cursor(db) if prepare else connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(columns), params)
            values = iter(cursor.fetchone())
        for name, compiler in compilers.items():
            if compiler is None:
                continue
            rows = [
                [value for chunk in row for value in chunk]
                for row in json.loads(next(values), parse_float=Decimal)
            ]
            results[name] = _build(querysets[name], compiler, rows)
    return {name: results[name] for name in querysets}


def _queryset(qs: QuerySet | Constant) -> QuerySet:
    return qs.make() if isinstance(qs, Constant) else qs


def _supported(qs: QuerySet) -> bool:
    return (
        not qs._prefetch_related_lookups
        and qs._iterable_class in (ModelIterable, ValuesIterable)
        and not qs.query.combinator
    )


def _build(qs: QuerySet, compiler, rows: list[list]) -> list:
    """Rows (JSON values) → what iterating the queryset would have given."""
    select = compiler.select
    # One parser per column, chosen once (not per value: a page's batch holds thousands).
    parsers = [_parser(col) for col, _sql, _alias in select]
    rows = [
        [None if v is None else parse(v) for parse, v in zip(parsers, row, strict=True)]
        for row in rows
    ]
    converters = compiler.get_converters([col for col, _sql, _alias in select])
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    if qs._iterable_class is ValuesIterable:
        query = qs.query
        # As Django's ValuesIterable: the order values() named, annotations included.
        if query.selected:
            names = list(query.selected)
        else:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return [dict(zip(names, row, strict=True)) for row in rows]
    return _instances(qs, compiler, rows)


def _instances(qs: QuerySet, compiler, rows: list[list]) -> list:
    """As django.db.models.query.ModelIterable does it, from rows already fetched."""
    select, klass_info = compiler.select, compiler.klass_info
    annotation_col_map = compiler.annotation_col_map
    model_cls = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    populators = get_related_populators(klass_info, select, qs.db)
    known = [
        (field, objects, [f.attname for f in field.local_related_fields])
        for field, objects in qs._known_related_objects.items()
    ]
    objects = []
    for row in rows:
        obj = model_cls.from_db(qs.db, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for attr, position in (annotation_col_map or {}).items():
            setattr(obj, attr, row[position])
        for field, related, attnames in known:
            if not field.is_cached(obj):
                key = getattr(obj, attnames[0]) if len(attnames) == 1 else None
                if key in related:
                    setattr(obj, field.name, related[key])
        objects.append(obj)
    return objects


def _parser(col):
    """JSON value → what the database driver would have returned for the column."""
    field = getattr(col, "output_field", None)
    kind = field.get_internal_type() if field is not None else ""
    return _PARSERS.get(kind, _number_or_value)


def _number_or_value(value):
    if isinstance(value, Decimal):  # a number where the field is not numeric (an aggregate)
        return int(value) if value == value.to_integral_value() else value
    return value


_PARSERS = {
    "DateTimeField": dt.datetime.fromisoformat,
    "DateField": dt.date.fromisoformat,
    "TimeField": dt.time.fromisoformat,
    "DecimalField": lambda value: Decimal(str(value)),
    "FloatField": float,
    "UUIDField": uuid.UUID,
    "JSONField": json.dumps,  # the driver hands JSON columns to the field as text
}
