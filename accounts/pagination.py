"""The one alternative to Django's Paginator: a page of a list too big to count on every load.

Lists page with Django's `Paginator` (templates/partials/pagination.html). A list that can
grow to hundreds of thousands of rows and whose total nobody needs — the flagged mentoring
records of a province — pages with `uncounted_page` instead: it fetches one row more than it
shows to know whether there is a next page, and never counts (templates/partials/pager.html
draws "previous / next"). docs/decisions/0012-plain-django.md says why there are two.
"""

from __future__ import annotations


class UncountedPage:
    """A page of a list too big to count on every load (issue 9: "no COUNT(*) over huge
    tables"): it knows whether a next page exists by fetching one row more than it shows."""

    def __init__(self, rows: list, number: int, per_page: int) -> None:
        self.number = number
        self.object_list = rows[:per_page]
        self.more = len(rows) > per_page

    def has_next(self) -> bool:
        return self.more

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
