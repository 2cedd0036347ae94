"""The access matrix's vocabulary. Each app lists its URLs in `tests/<app>/access.py` as
`CASES = [UrlCase(...), ...]`; tests/test_access_matrix.py runs every case for every role
against the "own" and the "other" record of tests/world.py, and fails for any named URL that
no case covers — so a new view is in the matrix from its first day.

Expectations: a status code, or a pair (own, other). The usual shapes have names below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = 302  # anonymous users are sent to the sign-in page
Expect = int | tuple[int, int]


@dataclass(frozen=True)
class UrlCase:
    name: str
    # kwargs(world, which) -> URL kwargs; which is "own" or "other". None: the URL takes none.
    kwargs: Callable | None = None
    expect: dict[str, Expect] = field(default_factory=dict)
    method: str = "get"
    # data(world, which) -> POST data, for method="post".
    data: Callable | None = None
    # Where a 302 for a signed-in role must not lead to the sign-in page, say so here.
    note: str = ""

    def expected(self, role: str, which: str) -> int:
        value = self.expect[role]
        if isinstance(value, tuple):
            return value[0] if which == "own" else value[1]
        return value


def trainee_pk(world, which: str) -> dict:
    return {"pk": world.trainee(which).pk}


# Common rows: scoped to the trainee — city staff and superuser see both, others only "own".
SCOPED_READ = {
    "anonymous": LOGIN,
    "superuser": 200,
    "city_staff": 200,
    "county_staff": (200, 404),
    "unit_staff": (200, 404),
    "mentor": (200, 404),
    "trainee": (200, 404),
}
