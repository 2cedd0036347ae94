"""What a user may do with careers records they can see (scoping decides the seeing).

Transfers are drafted by the county organisation department and approved by the city; with two
approval levels (CareersConfig) the county reviews first — someone other than the drafter."""

import rules

from accounts.rules import is_city_staff, is_county_staff, is_org_department, is_superuser


@rules.predicate
def may_decide_transfer(user, transfer) -> bool:
    if transfer is None:
        return False
    level = transfer.awaiting_level
    if level is None:
        return False
    if user.is_superuser:
        return True
    if level < transfer.levels_needed:  # the county's review, before the city's approval
        return is_county_staff(user) and transfer.drafted_by_id != user.pk
    return is_city_staff(user)


rules.add_perm("careers.view_transfers", is_org_department)
rules.add_perm("careers.draft_transfer", is_superuser | is_county_staff)
rules.add_perm("careers.decide_transfer", is_org_department & may_decide_transfer)
rules.add_perm("careers.record_follow_up", is_org_department)
rules.add_perm("careers.use_matching", is_org_department)
rules.add_perm("careers.view_analysis", is_org_department)
rules.add_perm("careers.manage_rules", is_superuser | is_city_staff)
