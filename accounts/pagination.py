"""A paginator for big ordered lists: the page's rows are found by id first, then fetched, and
the list's count comes with them.

Django's Paginator counts the list (one query), then slices it: `… JOIN cohort JOIN township …
ORDER BY name LIMIT 25 OFFSET n`. PostgreSQL then joins every row of the filtered list before
sorting and skipping (the joins are needed for the 25 shown rows only). Here the page is one
query of the form `SELECT …, (SELECT COUNT(*) FROM <the filtered list>) … WHERE id IN (SELECT id
FROM <the filtered list> ORDER BY … LIMIT 25 OFFSET n) ORDER BY …`: the inner select can be
answered from an index on the sort order, the joins run for the page's rows only, and the count
needs no round trip of its own (nor, when the page is the last one, a pass over the list).
Same rows, same order, same page numbers as Django's.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, IntegerField, Value
from django.db.models.expressions import RawSQL

TOTAL = "_late_row_total"


class LateRowPaginator(Paginator):
    """`select_related` are joined for the page's rows only; `only` narrows the columns read
    (the related models' columns as `cohort__name`)."""

    def __init__(self, object_list, per_page, *, select_related=(), only=(), **kwargs) -> None:
        super().__init__(_ending_with_pk(object_list), per_page, **kwargs)
        self.select_related = tuple(select_related)
        self.only = tuple(only)

    def get_page(self, number):
        """Django's get_page (not a number: the first page; out of range: the last), without
        counting before the page is fetched."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        number = _whole_number(self, number)
        rows = list(self._rows(number))
        if "count" not in self.__dict__:
            if rows:
                self.__dict__["count"] = getattr(rows[0], TOTAL)
            elif number == 1:
                self.__dict__["count"] = 0  # no first page: nothing to count
        # Past the end the page is empty and the count unknown: counted here (one more query,
        # only then), and EmptyPage raised as Django's Paginator does.
        number = self.validate_number(number)
        return self._get_page(rows, number, self)

    def _rows(self, number: int):
        bottom = (number - 1) * self.per_page
        queryset = self.object_list
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        page_ids = queryset.values("pk")[bottom : bottom + self.per_page]
        rows = queryset.model._default_manager.filter(pk__in=page_ids).select_related(
            *self.select_related
        )
        if self.only:
            rows = rows.only(*self.only)
        if "count" not in self.__dict__:
            try:
                rows = rows.annotate(**{TOTAL: self._total(queryset, bottom)})
            except EmptyResultSet:  # a list that cannot have rows (a scope of no county)
                return []
        return rows.order_by(*ordering)

    def _total(self, queryset, bottom: int) -> RawSQL:
        return RawSQL(*self.total_sql(queryset, bottom), output_field=IntegerField())  # noqa: S611

    def total_sql(self, queryset, bottom: int) -> tuple[str, tuple]:
        """The list's count, as a column of the page's rows. A page that is not full ends the
        list: then the count is the rows before it and on it, and the database never runs the
        counting subquery (a CASE evaluates it only when it reaches it). A search that finds a
        few names reads them once instead of twice. Written by hand around Django's compiled
        count: Case(When(LessThan(Window(…)))) says the same and took as long to compile as
        the rest of the page's query (issue 9)."""
        # COUNT(*) over the filtered list, without GROUP BY (a constant groups nothing).
        counted = queryset.order_by().values(_all=Value(1)).annotate(n=Count("*")).values("n")
        sql, params = counted.query.sql_with_params()
        return (
            f"CASE WHEN COUNT(*) OVER () < %s THEN COUNT(*) OVER () + %s ELSE ({sql}) END",
            (self.per_page, bottom, *params),
        )


def _ending_with_pk(queryset):
    """The list in its order, ties broken by id: pages cut by LIMIT/OFFSET from an order with
    ties (all trainees reported the same day, sorted by that day) could otherwise show a row
    on two pages and another on none."""
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    if not any(str(field).lstrip("-") in ("pk", "id") for field in ordering):
        ordering.append("pk")
    return queryset.order_by(*ordering)


def _whole_number(paginator: Paginator, number) -> int:
    """The first half of Paginator.validate_number: a whole number ≥ 1, before counting."""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        number = int(number)
    except (TypeError, ValueError) as error:
        raise PageNotAnInteger(paginator.error_messages["invalid_page"]) from error
    if number < 1:
        raise EmptyPage(paginator.error_messages["min_page"])
    return number


class UncountedPage:
    """A page of a list too big to count on every load (issue 9: "no COUNT(*) over huge
    tables"): it knows whether a next page exists by fetching one row more than it shows."""

    def __init__(self, rows: list, number: int, per_page: int) -> None:
        self.number = number
        self.object_list = rows[:per_page]
        self._has_next = len(rows) > per_page

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def uncounted_page(queryset, per_page: int, number) -> UncountedPage:
    """Page `number` (1 for anything that is not a positive whole number) of `queryset`,
    without counting it. Render with partials/pager.html."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    bottom = (number - 1) * per_page
    return UncountedPage(list(queryset[bottom : bottom + per_page + 1]), number, per_page)
