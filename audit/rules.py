import rules

from accounts.rules import is_city_staff, is_superuser

rules.add_perm("audit.view_auditevent", is_superuser | is_city_staff)
