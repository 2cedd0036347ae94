from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The organisation department's desk: dashboard, imports, exports, printable documents.

    A reporting layer at the top of the import chain: it reads cadets, mentors, rotations and
    assessments; nothing imports it (docs/decisions/0004-office-app.md)."""

    name = "office"
    verbose_name = _("Organisation department desk")

    def ready(self) -> None:
        # Registers the desk's buttons on the lists and the home page.
        from . import list_actions  # noqa: F401
