"""Which notifications are done: the thing they asked for was done after they were written
(the month's record submitted, the return report filed, the next post assigned).

A notification is a record of what someone was told, so it stays; but the list shows it as done
and the calendar feed drops it. Each app says which of its items are done, next to its
providers in its `reminders.py`:

    @done_check(DUE_KIND, OVERDUE_KIND)
    def feedback_done(keys: set[tuple[int, str]]) -> set[tuple[int, str]]:
        ...  # the (subject id, period) pairs of `keys` that are done, in one query

A kind without a check is never shown as done (its provider's item simply stops being due).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

Keys = set[tuple[int, str]]

_checks: dict[str, Callable[[Keys], Keys]] = {}


def done_check(*kinds: str) -> Callable:
    """Register `check(keys) -> done keys` for notifications of `kinds`."""

    def register(check: Callable[[Keys], Keys]) -> Callable[[Keys], Keys]:
        for kind in kinds:
            _checks[kind] = check
        return check

    return register


def mark_done(notifications: Iterable) -> list:
    """Set `is_done` on each notification (one query per checked kind among them)."""
    notifications = list(notifications)
    by_check: dict[Callable, Keys] = defaultdict(set)
    for notification in notifications:
        check = _checks.get(notification.kind)
        if check is not None:
            by_check[check].add((notification.subject_id, notification.period))
    done: Keys = set()
    for check, keys in by_check.items():
        done |= check(keys)
    for notification in notifications:
        notification.is_done = (
            notification.kind in _checks and (notification.subject_id, notification.period) in done
        )
    return notifications
