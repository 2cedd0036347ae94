"""Leave and report records for the access matrix and the tests, built on tests/world.py."""

from __future__ import annotations

import datetime as dt

from accounts.models import Role
from cadets.models import LeaveRequest, WorkReport


def make_leave(trainee, *, starts_on, ends_on, chain=(Role.UNIT_STAFF,), **values):
    return LeaveRequest.objects.create(
        trainee=trainee,
        kind=values.pop("kind", LeaveRequest.Kind.PERSONAL),
        starts_on=starts_on,
        ends_on=ends_on,
        reason=values.pop("reason", "家中有事"),
        approval_chain=list(chain),
        created_by=trainee.user,
        **values,
    )


def leave_for(world, which: str) -> LeaveRequest:
    key = f"leave_{which}"
    if key not in world.extra:
        # Far ahead, so that the trainee may still withdraw it.
        world.extra[key] = make_leave(
            world.trainee(which), starts_on=dt.date(2099, 3, 2), ends_on=dt.date(2099, 3, 2)
        )
    return world.extra[key]


def report_for(world, which: str) -> WorkReport:
    key = f"report_{which}"
    if key not in world.extra:
        trainee = world.trainee(which)
        world.extra[key] = WorkReport.objects.create(
            trainee=trainee,
            kind=WorkReport.Kind.MONTHLY,
            period=dt.date(2025, 10, 1),
            title="十月工作月报",
            content="完成了村级事务。",
            author=trainee.user,
        )
    return world.extra[key]
