"""What a user may do in mentoring, to records they can already see (scoping decides that)."""

import rules

from accounts.rules import is_city_staff, is_mentor, is_org_department, is_staff_member


@rules.predicate
def is_mentorship_mentor(user, mentorship) -> bool:
    return mentorship is not None and mentorship.mentor.user_id == user.pk


rules.add_perm("mentors.list_mentors", is_staff_member)
rules.add_perm("mentors.add_mentor", is_org_department)
rules.add_perm("mentors.change_mentor", is_org_department)
# Pairing a trainee with a mentor, and ending a pairing (object: the trainee).
rules.add_perm("mentors.pair_mentor", is_org_department)
rules.add_perm("mentors.see_flagged", is_staff_member)
rules.add_perm("mentors.use_mentor_home", is_mentor)
rules.add_perm("mentors.add_talk", is_staff_member | is_mentor)
rules.add_perm("mentors.change_config", rules.is_superuser | is_city_staff)
# A rule, not a permission: a superuser's blanket permissions do not make them the author.
rules.add_rule("mentors.write_feedback", is_mentorship_mentor)
