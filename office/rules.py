"""Who may use the desk. Scoping still decides which records each page and file contains."""

import rules

from accounts.rules import is_org_department, is_staff_member

# City and county staff see their subtree, receiving-unit staff their township.
rules.add_perm("office.view_dashboard", is_staff_member)
# Rosters arrive at the organisation department, which places the trainees.
rules.add_perm("office.import_data", is_org_department)
rules.add_perm("office.export_data", is_staff_member)
rules.add_perm("office.print_documents", is_staff_member)
