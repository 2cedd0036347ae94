"""Conduct records for the access matrix and the tests, built on tests/world.py."""

from __future__ import annotations

import datetime as dt

from conduct.models import Award, Discipline, ExemplaryCase, ToleranceCase, ToleranceCondition

DAY = dt.date(2026, 9, 15)


def tolerance_case_for(world, which: str, **values) -> ToleranceCase:
    key = f"tolerance_{which}"
    if key not in world.extra or values:
        defaults = {
            "occurred_on": DAY,
            "what_happened": "未比价先行签约",
            "assessment": "出于公心，及时补正",
            "decision": ToleranceCase.Decision.EXEMPT,
            "decided_by": world.users["city_staff"],
            "decided_on": DAY + dt.timedelta(days=20),
            "recorded_by": world.users["city_staff"],
        }
        world.extra[key] = ToleranceCase.objects.create(
            trainee=world.trainee(which), **{**defaults, **values}
        )
    return world.extra[key]


def discipline_for(world, which: str) -> Discipline:
    key = f"discipline_{which}"
    if key not in world.extra:
        world.extra[key] = Discipline.objects.create(
            trainee=world.trainee(which),
            kind=Discipline.Kind.ADMONITION,
            decided_on=DAY,
            issued_by="县委组织部",
            document_number="组〔2026〕1号",
            reason="作风不实",
            effective_from=DAY,
            effective_until=DAY + dt.timedelta(days=180),
            recorded_by=world.users["city_staff"],
        )
    return world.extra[key]


def award_for(world, which: str, **values) -> Award:
    defaults = {
        "kind": Award.Kind.COMMENDATION,
        "title": "防汛抢险",
        "awarded_on": DAY,
        "issued_by": "县人民政府",
        "document_number": "政〔2026〕2号",
        "recorded_by": world.users["city_staff"],
    }
    return Award.objects.create(trainee=world.trainee(which), **{**defaults, **values})


def exemplary_for(world, which: str) -> ExemplaryCase:
    return ExemplaryCase.objects.create(
        trainee=world.trainee(which),
        source=ExemplaryCase.Source.RECORD,
        title="扎根基层的好榜样",
        write_up="事迹突出",
        marked_on=DAY,
        marked_by=world.users["city_staff"],
    )


def condition(world) -> ToleranceCondition:
    return ToleranceCondition.objects.get_or_create(text="出于推动工作的公心，未谋取私利")[0]
