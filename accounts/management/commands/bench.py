"""`manage.py bench` (`make bench`): the benchmark of issue 16 — each page on the demo city and
the province in one run, the admin beside the lists, the reminder sweep, the import, the
planner and the mixed load under gunicorn — printed and written to docs/benchmarks.md. See
bench/runner.py."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

INTRO = """# Benchmarks

Written by `make bench` (`manage.py bench`, bench/runner.py) on one database holding the demo
city of `manage.py seed_demo` (about 60 trainees) and the invented province of
`manage.py seed_demo --scale province` (10,000 trainees, bench/province.py). Every figure
comes from one run.

- **Pages** (bench/pages.py): server time through Django's test Client in one process (the
  whole middleware stack, no network), p95 over repeated requests after a warm-up, and the
  number of queries of one request. Each page is requested on the city and on the province by
  the same role (county staff, township staff, a mentor, a trainee; for the dashboard the
  staff of the demo city and of one city of the province), in rounds (city, province, admin,
  then again), so that a moment when the shared machine is slower falls on all alike; before
  each request the garbage of the one before is collected, untimed. The dashboard of the whole
  area is measured apart: city staff on the demo city, province staff on the province (two
  roles, no growth figure).
- **Growth**: the province's p95 over the city's, for the same page seen by the same role:
  what a page costs as the data grows (target ≤ 1.5).
- **Admin**: beside each list, the Django admin changelist of the same data on the province
  (admin ÷ page is the admin's p95 over the page's; target > 1). Where the changelist cannot
  filter as the page does (rotations by the trainee's county, leave, reports), it shows the
  whole table.
- **Sweep**: database time (the sum over the sweep's queries, `connection.execute_wrapper`)
  with nothing due and with 1,000 items due, both rolled back.
- **Mixed load**: gunicorn on 127.0.0.1 and 10 client threads for 60 s (bench/load.py): each
  thread signs in as each province role in turn through the login form, walks that role's
  pages and, as the mentor, submits this month's mentoring record.
- **Rotation planner** (rotations/planner/bench.py, synthetic inputs, no database):
  200 trainees × 24 months × 300 posts with a 30 s limit, and a cohort shaped like
  `seed_demo`'s newest, timed to optimal.

Targets (issue 16): growth ≤ 1.5; admin ÷ page > 1 for lists; ≤ 12 queries a page (the same
with 1 or 50 trainees: tests/bench/test_page_queries.py); p95 on the province ≤ 100 ms, the
dashboard (province staff) ≤ 300 ms; sweep with nothing due ≤ 0.1 s of database time; mixed
load with 0 errors and p95 ≤ 300 ms; planner: a complete plan within 30 s, the demo-size
cohort optimal in under 5 s.

The dashboard reads per-township summary rows that a Celery task rebuilds every ten minutes
(docs/decisions/0013-dashboard-summaries.md); the rebuild's time is one of the figures.

"""


class Command(BaseCommand):
    help = "Benchmark the main pages on the city and the province; writes docs/benchmarks.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeats", type=int, default=40)
        parser.add_argument("--warmup", type=int, default=2)
        parser.add_argument("--load-seconds", type=float, default=60)
        parser.add_argument("--connections", type=int, default=10)
        parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
        parser.add_argument(
            "--roster-rows", type=int, default=10_000, help="rows of the generated roster import"
        )
        parser.add_argument(
            "--planner-quick",
            action="store_true",
            help="time the rotation planner on small instances (the smoke test)",
        )
        parser.add_argument(
            "--setup",
            action="store_true",
            help="create the database if missing, migrate and seed the province first",
        )
        parser.add_argument(
            "--pages",
            help="only these pages (keys of bench/pages.py, comma-separated), printed and not "
            "written to docs/benchmarks.md",
        )
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md")
        )

    def handle(self, *args, **options) -> None:
        from bench import runner

        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        if options["setup"]:
            _ensure_database()
            call_command("migrate", interactive=False, verbosity=0)
            call_command("seed_demo", stdout=self.stdout)  # the demo city
            call_command("seed_demo", scale="province", stdout=self.stdout)
        report = runner.run(
            repeats=options["repeats"],
            warmup=options["warmup"],
            load_seconds=0 if options["no_load"] else options["load_seconds"],
            connections=options["connections"],
            roster_rows=options["roster_rows"],
            planner_quick=options["planner_quick"],
            log=self.stdout.write,
            only_pages=options["pages"].split(",") if options["pages"] else None,
        )
        text = runner.render(report)
        self.stdout.write("")
        self.stdout.write(text)
        if options["pages"]:
            return
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(INTRO + text + "\n", encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"\nWritten to {output}"))


def _ensure_database() -> None:
    """CREATE DATABASE for DATABASE_URL's name when it does not exist (via the `postgres` db)."""
    import psycopg

    db = connection.settings_dict
    params = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
