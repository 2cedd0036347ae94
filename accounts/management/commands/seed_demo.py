"""Build the invented demo city, idempotently, and print one login per role.

Each of our apps may have a `demo.py` with `seed(ctx)`; they run in INSTALLED_APPS order in one
transaction, so an app's demo data is added by that app alone."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Seed the invented demo city (idempotent) and print one login per role."

    def handle(self, *args, **options) -> None:
        ctx: dict = {}
        with transaction.atomic():
            for label in settings.OUR_APPS:
                if not apps.is_installed(label):
                    continue
                try:
                    module = import_module(f"{label}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{label}.demo":
                        raise
                    continue
                module.seed(ctx)
                self.stdout.write(f"seeded {label}")
        port = getattr(settings, "DEMO_PORT", 8000)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password {DEMO_PASSWORD}):"))
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write(f"Open http://127.0.0.1:{port}/")
