"""Who may run reminders: the city organisation department (and superusers) watch the sweep,
retry failed e-mail and set lead times; everyone reads their own notifications."""

import rules

from accounts.rules import is_city_staff, is_superuser

rules.add_perm("notifications.view_operations", is_superuser | is_city_staff)
rules.add_perm("notifications.change_reminder_settings", is_superuser | is_city_staff)
