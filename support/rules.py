"""What a user may do in care and support, to records they can already see."""

import rules

from accounts.rules import is_city_staff, is_org_department, is_staff_member, is_trainee


@rules.predicate
def is_own_trainee(user, trainee) -> bool:
    return trainee is not None and trainee.user_id == user.pk


# Lists of the support desk: every level of staff, each within their scope.
rules.add_perm("support.list_records", is_staff_member)
rules.add_perm("support.add_care_record", is_staff_member)
# Raising a difficulty for a trainee (staff) or for oneself (the trainee; object: the trainee).
rules.add_perm("support.raise_difficulty", is_staff_member | (is_trainee & is_own_trainee))
rules.add_perm("support.handle_difficulty", is_staff_member)
rules.add_perm("support.change_entitlement", is_staff_member)
rules.add_perm("support.change_rules", rules.is_superuser | is_city_staff)
rules.add_perm("support.see_research", is_org_department)
