"""What a user may do with the assessment records they can see (scoping decides the seeing)."""

import rules

from accounts.rules import is_city_staff, is_org_department, is_superuser, is_trainee
from accounts.scoping import in_units


@rules.predicate
def owns_cycle(user, cycle) -> bool:
    """The cycle's jurisdiction lies in the user's subtree (the one who runs the cycle)."""
    return cycle is not None and in_units(user, cycle.jurisdiction_id)


@rules.predicate
def is_own_assessment(user, assessment) -> bool:
    return assessment is not None and assessment.trainee.user_id == user.pk


rules.add_perm("assessments.manage_templates", is_superuser | is_city_staff)
rules.add_perm("assessments.manage_cycles", is_org_department)
# Confirming a grade: organisation department staff who can see the assessment.
rules.add_perm("assessments.confirm_grade", is_org_department)
# Public notice and locking are decisions for the whole cycle: its own department only.
rules.add_perm("assessments.close_cycle", is_org_department & owns_cycle)
rules.add_perm("assessments.view_result", is_org_department | (is_trainee & is_own_assessment))
rules.add_perm("assessments.acknowledge", is_trainee & is_own_assessment)
rules.add_perm("assessments.record_outcome", is_org_department)
rules.add_perm("assessments.view_talent_pool", is_org_department)
