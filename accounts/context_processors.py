import rules

from .models import Role


class RulesPerms:
    """`{{ rperms.app.codename }}` in templates: like Django's `perms`, but asks only the rules
    registry (and is true for superusers), so the navigation costs no database query. Use
    `perms` only where a permission is granted through groups (e.g. reveal_sensitive)."""

    def __init__(self, user, app_label: str = "") -> None:
        self.user, self.app_label = user, app_label

    def __getitem__(self, name: str):
        if not self.app_label:
            return RulesPerms(self.user, name)
        perm = f"{self.app_label}.{name}"
        return bool(self.user.is_superuser or rules.has_perm(perm, self.user))

    def __bool__(self) -> bool:
        return self.user is not None and self.user.is_authenticated


def navigation(request) -> dict:
    """The role constants and query-free permission checks for the navigation."""
    user = getattr(request, "user", None)
    return {
        "Role": Role,
        "rperms": RulesPerms(user),
    }
