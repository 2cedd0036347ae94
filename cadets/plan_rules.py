"""Who may do what to a training plan they can already see (scoping decides the seeing).

The receiving unit drafts; the organisation department (city or county staff) approves or
returns; only the trainee themselves acknowledges. Mentors read."""

import rules

from accounts.rules import is_org_department, is_staff_member, is_trainee


@rules.predicate
def is_the_trainee(user, trainee) -> bool:
    return trainee is not None and trainee.user_id is not None and trainee.user_id == user.pk


rules.add_perm("cadets.draft_plan", is_staff_member)
rules.add_perm("cadets.review_plan", is_org_department)
rules.add_perm("cadets.acknowledge_plan", is_trainee & is_the_trainee)
rules.add_perm("cadets.mark_milestone", is_staff_member)
