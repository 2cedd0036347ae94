"""Build the invented demo city, idempotently, and print one login per role.

Each of our apps may have a `demo.py` with `seed(ctx)`; they run in INSTALLED_APPS order in one
transaction, so an app's demo data is added by that app alone.

`--scale province` builds the invented province of the benchmark instead (bench/province.py):
10,000 trainees and their years of records, written in bulk; PostgreSQL only."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Seed the invented demo city (idempotent) and print one login per role."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            choices=["demo", "province"],
            default="demo",
            help="demo: the small city of `make run`; province: the benchmark's province.",
        )

    def handle(self, *args, **options) -> None:
        if options["scale"] == "province":
            self._province()
            return
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

    def _province(self) -> None:
        from django.db import connection

        from bench import province

        if connection.vendor != "postgresql":
            raise CommandError("The province needs PostgreSQL: set DATABASE_URL.")
        if province.already_seeded():
            self.stdout.write("The province is already there: nothing to do.")
            return
        self.stdout.write("Seeding the province (bench/province.py) …")
        stats = province.seed_province(log=self.stdout.write)
        for table, n in sorted(stats.rows.items()):
            self.stdout.write(f"  {table:<34} {n:>10,}")
        for rule, n in province.verify().items():
            self.stdout.write(f"  check: {rule:<26} {n} {'ok' if n == 0 else 'BROKEN'}")
        minutes, seconds = divmod(stats.seconds, 60)
        self.stdout.write(
            self.style.SUCCESS(
                f"Province seeded in {int(minutes)} min {seconds:.0f} s "
                f"({stats.seconds:.0f} s; target < 15 min). Logins: {province.LOGIN_PROVINCE}, "
                f"pv-city1, pv-county1, pv-town1, pv-m1, pv-t1 (password {DEMO_PASSWORD})."
            )
        )
