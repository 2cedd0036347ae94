"""What a user may do with posts, rotations and front-line tasks they can already see.

Scoping (accounts/scoping.py) decides which trainees and posts are visible; these rules decide
the actions: staff of every level manage rotations and tasks of the trainees in their subtree,
city staff alone keep the category list and the rotation rules; mentors and trainees read."""

import rules

from accounts.rules import is_city_staff, is_mentor, is_staff_member, is_superuser

rules.add_perm("rotations.manage_rotation", is_staff_member)
rules.add_perm("rotations.record_keytask", is_staff_member)
rules.add_perm("rotations.view_posts", is_staff_member)
rules.add_perm("rotations.manage_post", is_staff_member)
rules.add_perm("rotations.manage_rules", is_superuser | is_city_staff)
# The coverage list and the timeline: staff for their subtree, mentors for their mentees.
rules.add_perm("rotations.view_overview", is_staff_member | is_mentor)
# The rotation planner: staff of every level, for trainees who are all in their scope (checked
# by rotations.planner_runs, which answers 404 for a run reaching outside it).
rules.add_perm("rotations.run_planner", is_staff_member)
