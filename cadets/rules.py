"""What a user may do to trainee records they can already see (scoping decides the seeing)."""

import rules

from accounts.rules import is_mentor, is_org_department, is_staff_member

rules.add_perm("cadets.list_trainees", is_staff_member | is_mentor)
rules.add_perm("cadets.add_trainee", is_org_department)
rules.add_perm("cadets.change_trainee", is_org_department)
from . import plan_rules  # noqa: E402, F401  (plan permissions, registered on import)
