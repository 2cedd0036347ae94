"""What conduct adds to the printed documents (office/documents.py calls these): the growth
file's section "Awards, discipline and tolerance" and the 奖惩情况 row of the 考核登记表.

Tolerance cases and discipline appear only for the organisation department, and each one
printed is a read written to the audit log."""

from __future__ import annotations

import datetime as dt

from cadets.models import Trainee

from .audit import FIELD_DISCIPLINE, FIELD_TOLERANCE, audit_reads
from .models import Award, Discipline, ExemplaryCase, ToleranceCase


def growth_file_part(trainee: Trainee, user, *, request=None) -> dict:
    sensitive = user.has_perm("conduct.manage", trainee)
    part = {
        "conduct_awards": list(Award.objects.visible_to(user).filter(trainee=trainee)),
        "conduct_exemplary": list(ExemplaryCase.objects.visible_to(user).filter(trainee=trainee)),
        "conduct_sensitive": sensitive,
        "conduct_discipline": [],
        "conduct_tolerance": [],
    }
    if sensitive:
        part["conduct_discipline"] = list(
            Discipline.objects.visible_to(user).filter(trainee=trainee)
        )
        part["conduct_tolerance"] = list(
            ToleranceCase.objects.visible_to(user)
            .filter(trainee=trainee)
            .select_related("decided_by")
        )
        _audit(user, part["conduct_discipline"], part["conduct_tolerance"], request)
    return part


def assessment_form_part(
    trainee: Trainee, user, *, start: dt.date, end: dt.date, request=None
) -> dict:
    """The awards and (for the organisation department) the discipline and tolerance decisions
    dated within the assessed period."""
    awards = list(
        Award.objects.visible_to(user).filter(trainee=trainee, awarded_on__range=(start, end))
    )
    discipline, tolerance = [], []
    if user.has_perm("conduct.manage", trainee):
        discipline = list(
            Discipline.objects.visible_to(user).filter(
                trainee=trainee, decided_on__range=(start, end)
            )
        )
        tolerance = list(
            ToleranceCase.objects.visible_to(user)
            .filter(trainee=trainee, decided_on__range=(start, end))
            .exclude(decision=ToleranceCase.Decision.PENDING)
        )
        _audit(user, discipline, tolerance, request)
    return {
        "conduct_awards": awards,
        "conduct_discipline": discipline,
        "conduct_tolerance": tolerance,
    }


def _audit(user, discipline, tolerance, request) -> None:
    audit_reads(actor=user, records=discipline, field=FIELD_DISCIPLINE, request=request)
    audit_reads(actor=user, records=tolerance, field=FIELD_TOLERANCE, request=request)
