from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CadetsConfig(AppConfig):
    name = "cadets"
    verbose_name = _("Trainees")

    def ready(self) -> None:
        # Each app's panels.py registers its sections of the trainee page (cadets/panels.py).
        autodiscover_modules("panels")
        # A malformed or missing encryption key stops every command and server at start-up.
        from . import crypto

        crypto.check_configuration()
