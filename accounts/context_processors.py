from .models import Role


def navigation(request) -> dict:
    """The role constants, so that templates choose the navigation without string literals."""
    return {"Role": Role}
