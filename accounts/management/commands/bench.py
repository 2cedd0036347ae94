"""`manage.py bench` (`make bench`): the province benchmark of issue 9 — pages against their
floors and the admin, the reminder sweep, the hooks of later issues and the mixed load under
gunicorn — printed and written to docs/benchmarks.md. See bench/runner.py."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

INTRO = """# Benchmarks

Written by `make bench` (`manage.py bench`, bench/runner.py) on the invented province of
`manage.py seed_demo --scale province` (bench/province.py). Every figure comes from one run.

- **Pages**: server time of the page through Django's test Client in one process (the whole
  middleware stack, no network), median and p95 over repeated requests after a warm-up, and
  the number of queries of one request. The page, its floor and its admin changelist are
  requested in rounds (page, floor, admin, then again), so that a moment when the shared
  machine is slower falls on all three alike; before each request the garbage of the one
  before is collected, untimed, so that each pays for the collections its own allocations
  cause (what the warm-up loaded is frozen, as in a server process after its first requests).
- **Floor**: the same data fetched with one hand-written SQL query and rendered by the same
  template (bench/floors.py), in the same run. page/floor is the page's p95 over the floor's.
- **Admin**: the Django admin changelist of the same model on the same data (admin/page is the
  admin's p95 over the page's), for the list pages; the trainee page, the growth file and the
  dashboard have no changelist showing the same data (n/a).
- **Sweep**: database time (the sum over the sweep's queries, `connection.execute_wrapper`)
  with nothing due and with 1,000 items due, both rolled back.
- **Mixed load**: gunicorn on 127.0.0.1 and 10 client threads for 60 s (bench/load.py): each
  thread signs in as each role in turn through the login form, walks that role's pages and,
  as the mentor, submits this month's mentoring record. Run as in production: PostgreSQL,
  sessions read from Redis (`make bench` sets REDIS_URL), persistent database connections.
- **Rotation planner** (issue 8, rotations/planner/bench.py, synthetic inputs, no database):
  200 trainees × 24 months × 300 posts with a 30 s limit — when the first complete plan
  existed, the status and gap at the end, CPU seconds and load — and a cohort shaped like
  `seed_demo`'s newest, planned from scratch (30 × 24 × 144), timed to optimal.

Targets: page p95 ≤ 2× floor; admin ≥ 3× slower than the page; ≤ 8 queries per page (and the
same with 1 or 50 trainees: tests/bench/test_page_queries.py); sweep with nothing due ≤ 0.1 s
of database time; mixed load with 0 errors and p95 ≤ 300 ms; planner: a complete plan within
30 s with its gap reported, the demo-size cohort optimal in under 5 s.

What was changed for province scale (issue 9):

- **Every signed-in page**: the session is read from Redis (written through to the database);
  the database connection is kept across requests; the user comes in one hand-written query
  with their unit, their unread count (the bell) and, for city and province staff, the ids of
  the counties under them (accounts/backends.py: Django took ten times longer to compile that
  query than PostgreSQL to run it). Scoping filters by `county_id IN (…)`, which PostgreSQL
  estimates well, instead of joining the unit tree twice (estimated at a handful of rows, so
  every trainee of the province was joined and sorted before the page was cut). The hottest
  statements (the user, the database permissions, the mentor's home, a trainee's sections) are
  prepared, planned once per kept connection (accounts/prepared.py: PostgreSQL took longer to
  plan them than to run them). The navbar's links are rendered once per kind of user and
  language, the bell's count on every request (`{% cached_nav %}`, 2.5 ms → 0.6 ms a page).
- **Big lists**: the trainee list reads its page of ids off a covering index on the name
  (`trainee_list_order`) and joins cohort and places for those 25 rows only, with the list's
  count in the same query — not even run when the page is the last one (accounts/pagination.py,
  `LateRowPaginator`; the rows' query written by hand around Django's compiled ids and count,
  cadets/selectors.py); the rotation overviews do the same with their total as a subquery,
  their rotations and posts in one prepared statement that reads the page's posts by key, and
  the rules' statement compiled once a process; the flagged records are not counted (a "next
  page" link, one row more fetched) and are read newest first off a partial index
  (`feedback_flagged_recent_idx`).
- **Pages in few queries**: the trainee page and the growth file fetch every section's rows in
  one statement (accounts/batch.py, `fetch_together`), the growth file with the trainee; the
  mentor's home is one hand-written statement (the mentor, the rules, the pairings with their
  record states, type names and next milestones); the notification list counts with a window
  over its page's rows; the cycle page carries its weights, quota and figures in the cycle's
  row and each assessment's raters, scores and tallies as JSON columns of its rows (3 queries);
  the talent pool its entries and grade history as columns of its 25 rows.
- **What is due** (the dashboard's second request): every reminder provider yields its items
  as a query (`DueRows`, notifications/due.py); the dashboard keeps the viewer's scope, counts
  and cuts them in the database, all providers in one statement, and builds only the rows it
  shows (21 queries and about 1 s → 4 queries and about 0.1 s for province staff).
- **Reminder sweep** (every five minutes, so mostly with nothing new): every provider's ids
  in one query, then the rows of those ids for the providers that have any
  (`DueRows.pending_ids`); rows an earlier sweep told of at the level reached today are left
  out (`DueRows.settled`: the month's ~4,000 overdue records were rebuilt, with their mentors
  and chains, at every sweep); the month's submitted records are read off a partial index
  (`feedback_submitted_month_idx`) and the open pairings with only the columns their items
  need.
- **Rendering**: selects and plain inputs are written in Python by the project's form renderer
  (accounts/form_renderer.py: Django renders a template per option), the trainee filter's
  selects straight from their choices (`PythonSelect`) and its fields by `{% filter_fields %}`;
  a table row's link is reversed once a page (`url_for_pk`); the rows of the cycle page, the
  talent pool, the timeline and the coverage list are written in Python (their apps'
  templatetags, tested byte for byte against the templates they replaced); the timeline draws
  its bars and month grid in Python and shows 25 trainees a page instead of 100.
- **Filter forms**: the choices of all model-choice fields come from one UNION ALL query
  (accounts/filters.py, `OneQueryChoices`; the union written around each field's compiled
  list), and above the county level the township drop-down lists the chosen county's townships
  only, not 1,500 (`township_choices`); the trainee filter's form class is built once.
- **Sign-in**: Argon2id at OWASP's minimum parameters instead of Django's defaults, 0.4 s of
  CPU a sign-in on 2 cores (docs/decisions/0008-password-hashing.md).
- **Indexes**: pg_trgm trigram and `varchar_pattern_ops` prefix indexes on the trainee's name
  for the search (cadets 0006_performance, PostgreSQL only; the prefix index includes the id,
  cadets 0008) and a GIN index of each name's two-character pieces (cadets 0009,
  `xd_bigrams`) for a two-character search, which no trigram serves (4 ms → 0.1 ms); partial
  indexes of flagged records
  (mentors 0003, 0004) and of the talent pool (assessments 0004).
- **Data**: the province seed ends with the day's reminder sweep, as the beat would have run
  it, and a VACUUM ANALYZE.

What was changed for the planner's targets (issue 8, see
docs/decisions/0007-planner-search-strategy.md): rotations are offered only as long as the
required categories leave room for (an implied bound: the demo cohort's model shrank 2.5×, its
CPU time 8×); with little time per township, every township first gets a plan, then the time
left polishes them round after round. Measured with `python -m rotations.planner.bench` on
the 2-core machine: 200 × 300 first complete plan in 9.4 s and optimal at 24 s at load 2.7,
first plan in 13.7 s and gap 0.53 % at 30 s at load 5.2 (before: no plan at all in 30 s at
load 5); the demo-size cohort optimal in 0.8 s at load 2.6 and 2.6 s at load 4.9 (before:
24 s at load 4.4).

"""


class Command(BaseCommand):
    help = "Benchmark the main pages on the province data (issue 9); writes docs/benchmarks.md."

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
