"""A paginator for big ordered lists: the page's rows are found by id first, then fetched.

Django's Paginator slices the whole queryset: `… JOIN cohort JOIN township … ORDER BY name
LIMIT 25 OFFSET n`. PostgreSQL then joins every row of the filtered list before sorting and
skipping (the joins are needed for the 25 shown rows only). Here the page is one query of the
form `… WHERE id IN (SELECT id FROM <the filtered list> ORDER BY … LIMIT 25 OFFSET n) ORDER BY
…`: the inner select can be answered from an index on the sort order, and the joins run for
the page's rows only. Same rows, same order, same number of queries.
"""

from __future__ import annotations

from django.core.paginator import Paginator


class LateRowPaginator(Paginator):
    def __init__(self, object_list, per_page, *, select_related=(), **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.select_related = tuple(select_related)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        queryset = self.object_list
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        page_ids = queryset.values("pk")[bottom : bottom + self.per_page]
        rows = (
            queryset.model._default_manager.filter(pk__in=page_ids)
            .select_related(*self.select_related)
            .order_by(*ordering)
        )
        return self._get_page(rows, number, self)


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
