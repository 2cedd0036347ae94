"""What a user may do with conduct records. Seeing the sensitive ones (tolerance cases,
discipline) is scoping — conduct.models.org_department_q — and answers 404 to everyone else."""

import rules

from accounts.rules import is_city_staff, is_org_department, is_staff_member, is_trainee


@rules.predicate
def trainees_see_exemplary(user) -> bool:
    from .models import ConductSettings

    return ConductSettings.current().trainees_see_exemplary


rules.add_perm("conduct.manage", is_org_department)
rules.add_perm("conduct.list_awards", is_staff_member)
rules.add_perm("conduct.see_exemplary", is_staff_member | (is_trainee & trainees_see_exemplary))
rules.add_perm("conduct.change_rules", rules.is_superuser | is_city_staff)
