"""What a user may do to trainee records they can already see (scoping decides the seeing)."""

import rules

from accounts.rules import (
    is_city_staff,
    is_mentor,
    is_org_department,
    is_staff_member,
    is_trainee,
    is_unit_staff,
)

rules.add_perm("cadets.list_trainees", is_staff_member | is_mentor)
rules.add_perm("cadets.add_trainee", is_org_department)
rules.add_perm("cadets.change_trainee", is_org_department)
# The programme rules (training length, probation, leave rules and approval chain): the city's.
rules.add_perm("cadets.change_programme", rules.is_superuser | is_city_staff)

# Daily management (issue 4): leave and work reports.


@rules.predicate
def is_awaited_approver(user, leave) -> bool:
    return leave is not None and bool(leave.awaiting_role) and leave.awaiting_role == user.role


rules.add_perm("cadets.request_leave", is_trainee)
rules.add_perm("cadets.list_leave", is_staff_member)
# A rule, not a permission: only staff of the awaited role approve, not a superuser by default.
rules.add_rule("cadets.decide_leave", is_staff_member & is_awaited_approver)
rules.add_perm("cadets.submit_report", is_trainee)
rules.add_perm("cadets.list_reports", is_staff_member | is_mentor)
rules.add_perm("cadets.comment_report", is_unit_staff | is_org_department | is_mentor)
from . import plan_rules  # noqa: E402, F401  (plan permissions, registered on import)
