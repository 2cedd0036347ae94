"""Assessment records on top of tests/world.py, cached in `world.extra` so that the access
matrix (which only gets the world) and this app's tests share them.

- `cycle_own`: an annual cycle under county A covering `own` — raters: the trainee (self),
  the mentor, the township's staff and county A's staff;
- `cycle_other`: an annual cycle under county B covering `other` — rater: that trainee only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from assessments.models import AssessmentCycle, AssessmentTemplate, RaterAssignment
from assessments.services import cycle_create, rating_submit


def assessment_world(world) -> dict:
    if "assessments" in world.extra:
        return world.extra["assessments"]
    today = timezone.localdate()
    template = AssessmentTemplate.default()
    cycles = {}
    for which, unit in (("own", world.county_a), ("other", world.county_b)):
        cycles[which] = cycle_create(
            actor=None,
            name=f"年度考核 {which}",
            kind=AssessmentCycle.Kind.ANNUAL,
            jurisdiction=unit,
            period_start=dt.date(today.year, 1, 1),
            period_end=dt.date(today.year, 12, 31),
            rating_deadline=today + dt.timedelta(days=30),
            template=template,
            trainees=[world.trainee(which)],
        )
    data = {
        "template": template,
        "cycle_own": cycles["own"],
        "cycle_other": cycles["other"],
        "own": cycles["own"].assessments.get(),
        "other": cycles["other"].assessments.get(),
    }
    world.extra["assessments"] = data
    return data


def rate_all(assessment, score: int | dict = 80, comment: str = "好") -> None:
    """Submit every assignment of the assessment with the same score on each dimension."""
    codes = list(assessment.cycle.template.dimensions.values_list("code", flat=True))
    for assignment in RaterAssignment.objects.filter(assessment=assessment).select_related("rater"):
        value = score[assignment.kind] if isinstance(score, dict) else score
        rating_submit(
            actor=assignment.rater,
            assignment=assignment,
            scores={code: Decimal(value) for code in codes},
            comment=comment,
        )


def cycle_pk(world, which: str) -> dict:
    return {"pk": assessment_world(world)[f"cycle_{which}"].pk}


def assessment_pk(world, which: str) -> dict:
    return {"pk": assessment_world(world)[which].pk}


def template_pk(world, which: str) -> dict:
    return {"pk": assessment_world(world)["template"].pk}


def annual_cycle(world, trainees, *, name: str = "年度考核", deadline: dt.date | None = None):
    """An annual 2026 cycle under county A for `trainees`, rated by `deadline` (default: in ten
    days), with the default template."""
    return cycle_create(
        actor=None,
        name=name,
        kind=AssessmentCycle.Kind.ANNUAL,
        jurisdiction=world.county_a,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        rating_deadline=deadline or timezone.localdate() + dt.timedelta(days=10),
        trainees=trainees,
    )
