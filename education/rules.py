"""What staff may do with courses they can see (scoping decides the seeing:
Course.objects.visible_to)."""

import rules

from accounts.models import OrgUnit
from accounts.rules import is_city_staff, is_staff_member, is_superuser
from accounts.scoping import units_q


@rules.predicate
def organises(user, course) -> bool:
    """The course is run by the user's unit or a unit under it (one query)."""
    if course is None:
        return False
    return OrgUnit.objects.filter(units_q(user), pk=course.organiser_unit_id).exists()


rules.add_perm("education.view_courses", is_staff_member)
rules.add_perm("education.add_course", is_staff_member)
rules.add_perm("education.change_course", is_superuser | (is_staff_member & organises))
rules.add_perm("education.view_hours", is_staff_member)
rules.add_perm("education.manage_rules", is_superuser | is_city_staff)
