"""`manage.py bench`: every figure of issue 16 in one run (see docs/benchmarks.md).

Pages are requested through Django's test Client in this process (the whole middleware stack,
no network): server time. Each page is measured on the demo city and on the province in the
same run, seen by the same role, and — for a list — beside the Django admin changelist of the
same data on the province, the same number of times, in rounds.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import os
import platform
import statistics
import time
from dataclasses import dataclass, field
from importlib import import_module

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .pages import PAGES, Page, Subjects, find_subjects

HOST = "127.0.0.1"
QUERY_LIMIT = 12
GROWTH_LIMIT = 1.5  # province p95 ÷ city p95
# Optional sections of other modules, run after the figures below when they exist: each has
# `bench_section(*, subjects, log) -> list[tuple[str, str]]` (a figure's label and value), and
# its rows are added to the table of figures (e.g. bench/lighthouse.py).
EXTRA_SECTIONS = ["bench.lighthouse"]


@dataclass
class Timing:
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class PageResult:
    page: Page
    city: Timing
    province: Timing
    city_queries: int
    province_queries: int
    admin: Timing | None = None
    admin_url: str = ""

    @property
    def growth(self) -> float | None:
        if not self.page.same_role:
            return None  # two roles' views: not the same page grown
        return self.province.p95 / self.city.p95

    @property
    def admin_ratio(self) -> float | None:
        return self.admin.p95 / self.province.p95 if self.admin else None

    @property
    def growth_ok(self) -> bool | None:
        return None if self.growth is None else self.growth <= GROWTH_LIMIT

    @property
    def admin_ok(self) -> bool | None:
        return None if self.admin is None else self.admin_ratio > 1

    @property
    def queries_ok(self) -> bool:
        return max(self.city_queries, self.province_queries) <= QUERY_LIMIT

    @property
    def time_ok(self) -> bool:
        return self.province.p95 * 1000 <= self.page.limit_ms


@dataclass
class Report:
    started: dt.datetime
    subjects: Subjects
    counts: dict[str, int]
    pages: list[PageResult] = field(default_factory=list)
    sweep: dict[str, tuple[float, int, int]] = field(default_factory=dict)
    extras: list[tuple[str, str]] = field(default_factory=list)
    load: dict | None = None
    repeats: int = 0
    # The machine is shared: its load average (1 min) at the start and the end of the run.
    loadavg: tuple[float, float] = (0.0, 0.0)


# --- Pages --------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def _get_seconds(client: Client, url: str) -> float:
    # The garbage of the request before (another page's, in a round) collected untimed: each
    # request pays for the collections its own allocations cause, not for another's.
    gc.collect()
    t0 = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - t0
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return seconds


def _queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(captured.captured_queries)


def _fresh_user(pk: int):
    return get_user_model().objects.select_related("org_unit").get(pk=pk)


def measure_pages(
    subjects: Subjects, pages: list[Page], repeats: int, warmup: int, log
) -> list[PageResult]:
    """Each page on the city and on the province, and its admin changelist, `repeats` times
    each, in rounds — city, province, admin, then again — so that what slows the machine down
    for a while (another process, a collection) falls on all three alike."""
    results = []
    clients: dict[tuple[str, str], Client] = {}
    admin = _client(subjects.admin)

    def client_of(scale, role: str) -> Client:
        if (scale.name, role) not in clients:
            clients[scale.name, role] = _client(scale.user(role))
        return clients[scale.name, role]

    for page in pages:
        city = client_of(subjects.city, page.viewer)
        province = client_of(subjects.province, page.viewer)
        city_url, province_url = page.url(subjects.city), page.url(subjects.province)
        admin_url = page.admin(subjects.province) if page.admin is not None else ""
        for _ in range(warmup):
            city.get(city_url)
            province.get(province_url)
            if admin_url:
                admin.get(admin_url)
        result = PageResult(
            page=page,
            city=Timing([]),
            province=Timing([]),
            city_queries=_queries_of(city, city_url),
            province_queries=_queries_of(province, province_url),
        )
        if admin_url:
            result.admin, result.admin_url = Timing([]), admin_url
        # What the warm-up loaded stays: collections before each request (above) then only
        # go through what requests left, as in a server process after its first requests.
        gc.collect()
        gc.freeze()
        for _ in range(repeats):
            result.city.samples.append(_get_seconds(city, city_url))
            result.province.samples.append(_get_seconds(province, province_url))
            if result.admin is not None:
                result.admin.samples.append(_get_seconds(admin, admin_url))
        log(
            f"  {page.label:<40} city {result.city.p95 * 1000:7.1f} ms  province "
            f"{result.province.p95 * 1000:7.1f} ms  {result.province_queries:2d} queries  "
            f"admin {_ms(result.admin.p95 if result.admin else None)} ms"
        )
        results.append(result)
    return results


# --- Reminder sweep -----------------------------------------------------------------------


class _DbTimer:
    """connection.execute_wrapper: the sum of the time spent in the database driver."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - t0
            self.queries += 1


# In a province something is always due: "nothing due" is a day whose due items were all
# notified by an earlier sweep (the seed runs one, as the beat would have), so nothing is new.
NOTHING_DUE = "nothing new due (today's items notified by an earlier sweep)"


def measure_sweep(due: int = 1000) -> dict[str, tuple[float, int, int]]:
    """The sweep's database time with nothing new due, and with `due` items newly due (trainees
    whose probation ends in ten days). Both runs are rolled back: the data stays as it was."""
    from cadets.models import Trainee
    from notifications.services import sweep_run

    today = timezone.localdate()
    result = {}
    with transaction.atomic():
        timer = _DbTimer()
        with connection.execute_wrapper(timer):
            run = sweep_run(today=today)
        result[NOTHING_DUE] = (timer.seconds, timer.queries, run.created_count)
        ids = list(
            Trainee.objects.filter(status=Trainee.Status.TRAINING)
            .exclude(probation_ends_on__range=(today, today + dt.timedelta(days=60)))
            .order_by("pk")
            .values_list("pk", flat=True)[:due]
        )
        Trainee.objects.filter(pk__in=ids).update(probation_ends_on=today + dt.timedelta(days=10))
        timer = _DbTimer()
        with connection.execute_wrapper(timer):
            run = sweep_run(today=today)
        result[f"{len(ids):,} items due"] = (timer.seconds, timer.queries, run.created_count)
        transaction.set_rollback(True)
    return result


# --- Hooks for features of other issues ------------------------------------------------------


ROSTER_ROWS = 10_000


def roster_import(rows: int = ROSTER_ROWS) -> str:
    """A generated roster of `rows` invented trainees through office's real importer (upload,
    check, commit: office.services), timed, inside a transaction that is rolled back — the
    province is unchanged afterwards. The check is the upload's preview; the import checks the
    file again and creates every row, as the import of a large file does in its task."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from office import services
    from office.models import ImportJob
    from office.sheets import write_workbook

    subjects = find_subjects()
    actor = _fresh_user(subjects.province.top.pk)
    headers, table = roster_rows(rows, actor)
    content = write_workbook("选调生花名册", headers, table)
    job = None
    with transaction.atomic():
        try:
            upload = SimpleUploadedFile("bench-roster.xlsx", content)
            job = services.import_job_create(actor=actor, kind="trainees", upload=upload)
            t0 = time.perf_counter()
            job = services.import_check(job_id=job.pk)
            checked = time.perf_counter() - t0
            if job.status != ImportJob.Status.READY:
                raise RuntimeError(f"the generated roster did not pass: {job.report['errors'][:3]}")
            services.import_start(actor=actor, job=job)
            t0 = time.perf_counter()
            job = services.import_commit(job_id=job.pk)
            imported = time.perf_counter() - t0
            if job.status != ImportJob.Status.DONE:
                raise RuntimeError(f"the generated roster was not imported: {job.report}")
            created = len(job.report["created"])
        finally:
            if job is not None and job.file:
                job.file.delete(save=False)  # the file lives outside the transaction
            transaction.set_rollback(True)
    return (
        f"{created:,} rows validated in {checked:.1f} s, imported in {imported:.1f} s "
        "(all-or-nothing, rolled back)"
    )


def roster_rows(n: int, actor) -> tuple[list[str], list[list]]:
    """`n` valid rows of the trainee roster: invented names, ID numbers of the area codes
    99xxxx that no region has (bench.province), placed in the townships of the actor's scope."""
    import random
    from collections import Counter

    from accounts.models import OrgUnit
    from accounts.scoping import units_q
    from office.rosters import TRAINEE_COLUMNS

    from .province import _id_number, _name

    rng = random.Random(7)  # noqa: S311 -- invented data, not secrets
    # The roster names a county by its name: only counties whose name is unique in the scope.
    counties = OrgUnit.objects.filter(units_q(actor), kind=OrgUnit.Kind.COUNTY)
    names = Counter(counties.values_list("name", flat=True))
    townships = list(
        OrgUnit.objects.filter(
            units_q(actor),
            kind=OrgUnit.Kind.TOWNSHIP,
            parent__name__in=[name for name, k in names.items() if k == 1],
        )
        .select_related("parent")
        .order_by("code")[:200]
    )
    year = timezone.localdate().year
    table = []
    for i in range(n):
        female = i % 2 == 0
        birth = dt.date(year - 24 - i % 4, 1 + i % 12, 1 + i % 28)
        township = townships[i % len(townships)]
        row = {
            "name": _name(rng),
            "sex": "女" if female else "男",
            "ethnicity": "汉族",
            "birth_date": f"{birth:%Y-%m-%d}",
            # Far from the province's own numbers (bench.province numbers 0…9,999).
            "id_number": _id_number(2_500_000 + i, birth, female),
            "political_status": "中共党员",
            "party_joined_on": f"{year - 3}-06-01",
            "education": "硕士研究生",
            "degree": "硕士",
            "school": "青山大学",
            "major": "公共管理",
            "stream": "普通选调",
            "cohort": str(year),
            "reported_on": f"{year}-08-01",
            "county": township.parent.name,
            "township": township.name,
            "status": "在岗锻炼",
        }
        table.append([row.get(c.field, "") for c in TRAINEE_COLUMNS])
    return [c.header for c in TRAINEE_COLUMNS], table


def rotation_planner(quick: bool = False) -> str:
    """Issue 8: the rotation planner on 200 trainees × 24 months × 300 posts within 30 s, and
    a cohort shaped like the demo's timed to optimal — synthetic inputs, no database. `quick`
    (the smoke test) runs the same code on small instances with short limits."""
    from rotations.planner.bench import summary

    if quick:
        return summary((20, 24, 30), limit=3, demo_trainees=6, demo_limit=10)
    return summary()


PLANNER_LABEL = "Rotation planner, 200 trainees × 24 months × 300 posts"


# --- Report -------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            kb = int(info.readline().split()[1])
            memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; PostgreSQL {pg}"
    )


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.1f}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


VIEWERS = {
    "county": "county staff",
    "unit": "township staff",
    "mentor": "mentor",
    "trainee_user": "trainee",
    "city_staff": "city staff",
    "top": "city / province staff",
}


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "FAIL")


def render(report: Report) -> str:
    lines = [
        f"Run {report.started:%Y-%m-%d %H:%M %Z} on {machine()}",
        "",
        f"Load average of the machine (1 min, shared by other work): {report.loadavg[0]:.2f} "
        f"at the start, {report.loadavg[1]:.2f} at the end.",
        "",
        "Data: " + ", ".join(f"{name} {n:,}" for name, n in report.counts.items()),
        "",
        f"Pages: server time over {report.repeats} requests each (Django test Client, in "
        "process), in rounds of city, province and admin; city = the demo city, province = the "
        "province, each seen by the same role (the viewer column); growth = province p95 ÷ city "
        "p95 (none where the two are different roles); admin = the Django admin changelist of "
        "the same data on the province.",
        "",
        "| page | viewer | city p95 ms | province p95 ms | growth | queries (city/province) "
        "| admin p95 ms | admin ÷ page | growth ≤ 1.5 | admin ÷ page > 1 | queries ≤ 12 "
        "| p95 target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|---|---|",
    ]
    for r in report.pages:
        lines.append(
            f"| {r.page.label} | {VIEWERS[r.page.viewer]} | {_ms(r.city.p95)} "
            f"| {_ms(r.province.p95)} | {_ratio(r.growth)} | {r.city_queries}/{r.province_queries} "
            f"| {_ms(r.admin.p95 if r.admin else None)} | {_ratio(r.admin_ratio)} "
            f"| {_mark(r.growth_ok)} | {_mark(r.admin_ok)} | {_mark(r.queries_ok)} "
            f"| ≤ {r.page.limit_ms:.0f} ms: {_mark(r.time_ok)} |"
        )
    lines += ["", "| figure | value | target |", "|---|---|---|"]
    for label, (seconds, queries, created) in report.sweep.items():
        target = ""
        if label == NOTHING_DUE:
            target = f"≤ 100 ms: {'pass' if seconds <= 0.1 else 'FAIL'}"
        lines.append(
            f"| Reminder sweep, {label}: database time | {seconds * 1000:.1f} ms in {queries} "
            f"queries, {created:,} notifications | {target} |"
        )
    for label, value in report.extras:
        lines.append(f"| {label} | {value} | |")
    if report.load:
        load = report.load
        ok = load["errors"] == 0 and load["p95"] <= 0.3
        lines.append(
            f"| Mixed load, {load['connections']} connections × {load['seconds']:.0f} s "
            f"(gunicorn, {load['workers']} workers) | {load['requests']:,} requests, "
            f"{load['throughput']:.1f} req/s, p95 {load['p95'] * 1000:.0f} ms, "
            f"median {load['median'] * 1000:.0f} ms, {load['errors']} errors "
            f"({load['logins']} logins, {load['posts']} feedback posts) "
            f"| 0 errors, p95 ≤ 300 ms: {'pass' if ok else 'FAIL'} |"
        )
    else:
        lines.append("| Mixed load | not run (--no-load) | |")
    return "\n".join(lines)


def table_counts() -> dict[str, int]:
    from accounts.models import OrgUnit
    from assessments.models import Assessment
    from cadets.models import Trainee
    from mentors.models import Mentor, MonthlyFeedback
    from rotations.models import Rotation

    return {
        "trainees": Trainee.objects.count(),
        "mentors": Mentor.objects.count(),
        "townships": OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).count(),
        "rotations": Rotation.objects.count(),
        "monthly feedback": MonthlyFeedback.objects.count(),
        "assessments": Assessment.objects.count(),
    }


def run(
    *, repeats: int = 40, warmup: int = 2, load_seconds: float = 60, connections: int = 10,
    roster_rows: int = ROSTER_ROWS, planner_quick: bool = False, log=print,
    only_pages: list[str] | None = None,
) -> Report:  # fmt: skip
    """Every figure; with `only_pages` (page keys), just those pages, for working on one."""
    started = timezone.localtime()
    load_start = os.getloadavg()[0]
    subjects = find_subjects()
    report = Report(started=started, subjects=subjects, counts=table_counts(), repeats=repeats)
    # The dashboard's summaries, rebuilt by the task the beat runs every ten minutes (timed).
    from office.tasks import refresh_dashboard

    log("dashboard summaries …")
    t0 = time.perf_counter()
    refresh_dashboard()
    refresh = f"{time.perf_counter() - t0:.1f} s (office.tasks.refresh_dashboard)"
    log("pages …")
    pages = [page for page in PAGES if only_pages is None or page.key in only_pages]
    report.pages = measure_pages(subjects, pages, repeats, warmup, log)
    if only_pages is not None:
        report.loadavg = (load_start, os.getloadavg()[0])
        return report
    log("reminder sweep …")
    report.sweep = measure_sweep()
    log("roster import …")
    report.extras = [
        ("Dashboard summaries rebuilt (every 10 min by Celery beat)", refresh),
        (f"Import of a {roster_rows:,}-row roster", roster_import(roster_rows)),
    ]
    log("rotation planner (about a minute) …")
    report.extras.append((PLANNER_LABEL, rotation_planner(quick=planner_quick)))
    if load_seconds > 0:
        from .load import run_load

        log(f"mixed load for {load_seconds:.0f} s …")
        report.load = run_load(
            subjects.province, seconds=load_seconds, connections=connections, log=log
        )
    for name in EXTRA_SECTIONS:
        try:
            section = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        log(f"{name} …")
        report.extras += section.bench_section(subjects=subjects, log=log)
    report.loadavg = (load_start, os.getloadavg()[0])
    return report
