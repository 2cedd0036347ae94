"""What staff may do with attendance sheets they can see (scoping decides the seeing:
AttendanceSheet.objects.visible_to)."""

import rules

from accounts.rules import is_city_staff, is_staff_member, is_superuser, is_unit_staff

rules.add_perm("attendance.view_sheets", is_staff_member)
# The receiving unit keeps its own attendance: township staff draft, submit and correct.
rules.add_perm("attendance.fill_sheet", is_superuser | is_unit_staff)
rules.add_perm("attendance.manage_rules", is_superuser | is_city_staff)
