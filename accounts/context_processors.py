import rules

from .models import Role


def navigation(request) -> dict:
    """The role constants and the navigation's permission flags. The flags ask the rules
    registry only (no database), so showing the navigation costs no query."""
    user = getattr(request, "user", None)
    return {
        "Role": Role,
        "nav_audit": user is not None and rules.has_perm("audit.view_auditevent", user),
    }
