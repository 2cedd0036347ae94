"""The assessment cycle page's note of 容错 decisions (issue 20: raters take them into account).

assessments may not import conduct (imports flow one way), so the page loads this tag and
passes its rows, each with a `trainee_id`: `{% load conduct_cycle %}{% tolerance_decisions
rows %}`. One query for the page's trainees; each decision shown is a read written to the
audit log (conduct/audit.py)."""

from __future__ import annotations

from django import template

from ..audit import FIELD_TOLERANCE, audit_reads
from ..models import ToleranceCase

register = template.Library()


@register.inclusion_tag("conduct/_cycle_tolerance.html", takes_context=True)
def tolerance_decisions(context, rows) -> dict:
    request = context["request"]
    user = request.user
    trainee_ids = [row["trainee_id"] for row in rows]
    if not trainee_ids or not user.has_perm("conduct.manage"):
        return {"cases": []}
    cases = list(
        ToleranceCase.objects.visible_to(user)
        .filter(trainee_id__in=trainee_ids)
        .exclude(decision=ToleranceCase.Decision.PENDING)
        .select_related("trainee")
        # What the note shows and the audit log's label (`str(case)`): not the trainee's whole
        # row, whose personal data would be decrypted for nothing.
        .only("decision", "decided_on", "occurred_on", "trainee__name")
        .order_by("trainee__name", "-decided_on")
    )
    if cases:
        audit_reads(actor=user, records=cases, field=FIELD_TOLERANCE, request=request)
    return {"cases": cases}
