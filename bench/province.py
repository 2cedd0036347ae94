"""An invented province at scale: 10,000 trainees, 5,000 mentors, 1,500 townships, 200,000
rotations, 1,000,000 monthly mentoring records, ~50,000 assessments (`manage.py seed_demo
--scale province`).

How it is written, and why it still obeys the product's rules:

- **Bulk, not through the services.** Every big table is written with PostgreSQL's COPY
  (psycopg's `cursor.copy`), ids assigned here so that rows can point at each other without a
  round trip; sequences are moved past them at the end. No `full_clean()`, no signals: the data
  is *constructed* to satisfy the constraints instead —
  rotations are calendar months in a township's 12 posts, trainee `p` of a township in post
  `(p + month) % 12`, so a trainee never holds two posts at once and no post ever holds more
  than one trainee (capacity ≥ 1); one record per mentorship and month; one current primary
  mentor per trainee; 优秀 within each cycle's quota; ID numbers with a valid GB 11643 check
  digit and the area code 99xxxx, which belongs to no region (so to no one); invented names.
- **No history rows** (django-simple-history): the bulk rows are the starting state, as if
  imported; their history starts with the first change made through the product.
- **Triggers.** When the database user may (a superuser), the load runs with
  `session_replication_role = replica`: PostgreSQL then skips the row triggers — the foreign
  key checks and the assessments' lock trigger, which would look up every score's cycle. The
  rows are consistent by construction; `verify()` checks the main rules afterwards.
- **One password hash.** Hashing 16,600 passwords with Argon2 would take longer than the rest
  of the seed: every province account gets the same precomputed hash of the demo password.

`Sizes` holds the shape; `PROVINCE` is the issue's, `TINY` the smoke test's. The record kinds
of later apps (attendance, education, support, conduct, careers) come in a modest amount from
bench/province_later.py.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import OrgUnit, Role
from cadets.idnumber import check_char
from cadets.models import Cohort, Programme, Trainee, add_months

# The province is recognised by the code of its root unit: seeding it twice does nothing.
PROVINCE_CODE = "P"
PROVINCE_NAME = "青川省"
# Logins of the benchmark (password: the demo password).
LOGIN_PROVINCE = "pv-province"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武"  # noqa: E501
GIVEN = "晓文明华建国志强丽娟俊杰思远子涵雨欣浩然嘉怡宇航佳琪博文心怡梓萱一鸣书瑶天佑若曦安然诗雅景行乐知"  # noqa: E501
PLACE_A = "青临云松柳桃石金玉龙凤白清安长永丰宁平和"
PLACE_B = "川江山河溪湖泉岭峰林原坪桥塘湾洲阳源门口"
SCHOOLS = [
    "青川大学",
    "江东师范大学",
    "北岭理工大学",
    "南湖财经大学",
    "西川农业大学",
    "东海政法大学",
]  # noqa: E501
MAJORS = [
    "农业经济管理",
    "法学",
    "汉语言文学",
    "土木工程",
    "公共管理",
    "计算机科学与技术",
    "环境工程",
    "社会学",
    "会计学",
    "马克思主义理论",
]
TOWNSHIP_POSTS = [
    ("党政综合", "党政综合办公室"),
    ("党建群团", "党建工作办公室"),
    ("经济发展", "经济发展办公室"),
    ("社会事务", "社会事务办公室"),
    ("综合治理", "综合治理办公室"),
    ("乡村振兴", "乡村振兴办公室"),
]
VILLAGE_POSTS = ["村党组织书记助理", "村委会主任助理"]
FEEDBACK_TEXT = {
    "thinking": ["围绕理想信念开展谈心，引导其扎根基层。", "结合主题教育交流学习体会。"],
    "work": ["指导其参与项目推进和矛盾纠纷排查。", "带领走访农户，传授群众工作方法。"],
    "conduct": ["要求其严守纪律，注重作风养成。", "提醒其在急难险重任务中锤炼作风。"],
    "life": ["关心其生活起居，解决住宿困难。", "了解家庭情况，帮助适应基层生活。"],
    "remark": ["进步明显，工作主动。", "整体表现良好，需加强总结。"],
}


@dataclass(frozen=True)
class Sizes:
    cities: int = 10
    counties_per_city: int = 10
    townships_per_county: int = 15
    villages_per_township: int = 3
    trainees: int = 10_000
    cohorts: int = 10  # the last `cohorts` years, the newest reporting this August
    mentors_per_township: int = 3
    mentors_per_county: int = 5
    rotations_per_trainee: int = 20  # monthly, from the day they reported
    feedback: int = 1_000_000  # at most one per mentorship and month, up to this month
    flagged_share: float = 0.015
    notifications_per_unit_staff: int = 40

    @property
    def counties(self) -> int:
        return self.cities * self.counties_per_city

    @property
    def townships(self) -> int:
        return self.counties * self.townships_per_county


PROVINCE = Sizes()
TINY = Sizes(
    cities=1,
    counties_per_city=2,
    townships_per_county=2,
    villages_per_township=2,
    trainees=24,
    cohorts=3,
    mentors_per_township=3,
    mentors_per_county=2,
    rotations_per_trainee=6,
    feedback=300,
    notifications_per_unit_staff=5,
)


@dataclass
class Stats:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + n


class _Ids:
    """Ids handed out here, above whatever the tables already hold."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, table: str, n: int = 1) -> int:
        if table not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
                self._next[table] = cursor.fetchone()[0] + 1
        first = self._next[table]
        self._next[table] += n
        return first

    def tables(self) -> list[str]:
        return list(self._next)


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence], stats: Stats) -> int:
    """COPY rows into `table` (psycopg's copy protocol, text format)."""
    n = 0
    quoted = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    stats.add(table, n)
    return n


def _id_number(i: int, birth: dt.date, female: bool) -> str:
    # Area 99xxxx belongs to no region; area and sequence together are unique per index.
    area = f"99{i % 10000:04d}"
    seq = (i // 10000 % 500) * 2 + (0 if female else 1)  # odd for men, even for women
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _place(i: int, suffix: str) -> str:
    return PLACE_A[i // len(PLACE_B) % len(PLACE_A)] + PLACE_B[i % len(PLACE_B)] + suffix


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_of(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(month: dt.date) -> dt.date:
    return _month_of(_month_index(month) + 1) - dt.timedelta(days=1)


def already_seeded() -> bool:
    return OrgUnit.objects.filter(code=PROVINCE_CODE).exists()


def seed_province(
    sizes: Sizes = PROVINCE,
    *,
    today: dt.date | None = None,
    log: Callable[[str], None] = print,
) -> Stats:
    """Build the province in one transaction. Returns the rows written per table and the time."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The province is written with COPY: it needs PostgreSQL.")
    started = time.monotonic()
    stats = Stats()
    today = today or timezone.localdate()
    with transaction.atomic():
        _fast_load()
        builder = _Builder(sizes, today, stats, log)
        builder.run()
    with connection.cursor() as cursor:
        for table in builder.ids.tables():
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )
    # The reminders of today, as the beat's daily sweep would have written them in a province
    # that runs the product: the benchmark's "nothing due" sweep then finds nothing new.
    log("reminder sweep …")
    from notifications.services import sweep_run

    sweep_run(today=today)
    # …and as its worker would have sent them, and the demo city's before them: no message is
    # left waiting (the sweep would queue those again, a cost of a worker outage, not of a day).
    from notifications.models import Delivery

    Delivery.objects.filter(status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENT, attempts=1, sent_at=timezone.now()
    )
    with connection.cursor() as cursor:
        # VACUUM as well, where it may run (not inside a test's transaction): index-only scans
        # (the trainee list's page of ids) need the visibility map, which autovacuum would
        # write some time later.
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        log(f"{vacuum.lower()} …")
        cursor.execute(vacuum)
    stats.seconds = time.monotonic() - started
    return stats


def _fast_load() -> None:
    """Skip row triggers (FK checks, the lock trigger) when the user may; see the module doc."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL synchronous_commit = off")


class _Builder:
    def __init__(self, sizes: Sizes, today: dt.date, stats: Stats, log) -> None:
        self.s, self.today, self.stats, self.log = sizes, today, stats, log
        self.now = timezone.now()
        self.rng = random.Random(9)
        self.ids = _Ids()
        self.password = make_password(DEMO_PASSWORD)  # one hash for every account (module doc)

    def step(self, label: str, fn) -> None:
        t0 = time.monotonic()
        fn()
        self.log(f"  {label:<28} {time.monotonic() - t0:6.1f} s")

    def run(self) -> None:
        self._config()
        self.step("organisation units", self._units)
        self.step("staff accounts", self._staff)
        self.step("trainees", self._trainees)
        self.step("mentors and pairings", self._mentors)
        self.step("monthly feedback", self._feedback)
        self.step("posts and rotations", self._rotations)
        self.step("assessments", self._assessments)
        self.step("notifications", self._notifications)
        self.step("later record kinds", self._later_kinds)

    def _later_kinds(self) -> None:
        # Attendance, training, support, conduct and careers: a modest amount, in their own
        # module (bench/province_later.py).
        from bench.province_later import write_later_kinds

        write_later_kinds(self)

    # Configuration rows (the same defaults as the demo) -----------------------------------

    def _config(self) -> None:
        from assessments.models import AssessmentTemplate
        from mentors.models import MentoringConfig, MentorType
        from notifications.models import ReminderSettings
        from rotations.models import PostCategory, RotationRules

        self.programme = Programme.current()
        MentorType.ensure_defaults()
        MentoringConfig.current()
        PostCategory.ensure_defaults()
        rules = RotationRules.current()
        # Rotations here are monthly: a one-month stint is not a warning in this province.
        RotationRules.objects.filter(pk=rules.pk).update(min_months_per_post=1)
        ReminderSettings.current()
        self.template = AssessmentTemplate.default()
        self.dimensions = list(self.template.dimensions.order_by("order"))
        self.categories = {c.name: c.pk for c in PostCategory.objects.all()}
        last = (
            self.today.year if self.today >= dt.date(self.today.year, 8, 1) else self.today.year - 1
        )
        self.cohorts = {}
        for year in range(last - self.s.cohorts + 1, last + 1):
            cohort, _ = Cohort.objects.get_or_create(
                year=year, defaults={"name": f"{year}届选调生"}
            )
            self.cohorts[year] = cohort.pk

    # Organisation -------------------------------------------------------------------------

    def _units(self) -> None:
        s = self.s
        n = 1 + s.cities + s.counties + s.townships + s.townships * s.villages_per_township
        first = self.ids.take("accounts_orgunit", n)
        rows = []
        self.province = first
        rows.append((first, PROVINCE_NAME, OrgUnit.Kind.PROVINCE, PROVINCE_CODE, None))
        next_id = first + 1
        self.counties: list[int] = []
        self.county_city: dict[int, int] = {}
        self.townships: list[int] = []
        self.township_county: dict[int, int] = {}
        self.villages: dict[int, list[int]] = {}
        self.cities: list[int] = []
        for c in range(s.cities):
            city = next_id
            next_id += 1
            self.cities.append(city)
            code_c = f"{PROVINCE_CODE}{c + 1:02d}"
            rows.append((city, _place(c, "市"), OrgUnit.Kind.CITY, code_c, self.province))
            for k in range(s.counties_per_city):
                county = next_id
                next_id += 1
                self.counties.append(county)
                self.county_city[county] = city
                code_k = f"{code_c}{k + 1:02d}"
                name_k = _place(c * 7 + k, "区" if k % 4 == 3 else "县")
                rows.append((county, name_k, OrgUnit.Kind.COUNTY, code_k, city))
                for t in range(s.townships_per_county):
                    township = next_id
                    next_id += 1
                    self.townships.append(township)
                    self.township_county[township] = county
                    code_t = f"{code_k}{t + 1:02d}"
                    name_t = _place(k * 11 + t, "乡" if t % 5 == 4 else "镇")
                    rows.append((township, name_t, OrgUnit.Kind.TOWNSHIP, code_t, county))
                    villages = []
                    for v in range(s.villages_per_township):
                        village = next_id
                        next_id += 1
                        villages.append(village)
                        name_v = _place(t * 5 + v, "村")
                        rows.append(
                            (
                                village,
                                name_v,
                                OrgUnit.Kind.VILLAGE,
                                f"{code_t}{v + 1:02d}",
                                township,
                            )
                        )
                    self.villages[township] = villages
        _copy("accounts_orgunit", ["id", "name", "kind", "code", "parent_id"], rows, self.stats)

    # Accounts -----------------------------------------------------------------------------

    def _user_row(self, pk, username, full_name, role, unit):
        return (
            pk,
            self.password,
            None,
            False,
            username,
            "",
            "",
            f"{username}@example.invalid",
            False,
            True,
            self.now,
            full_name,
            role,
            "",
            unit,
        )

    USER_COLUMNS = [
        "id",
        "password",
        "last_login",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "full_name",
        "role",
        "language",
        "org_unit_id",
    ]

    def _staff(self) -> None:
        s = self.s
        n = 1 + s.cities + s.counties + s.townships
        pk = self.ids.take("accounts_user", n)
        rows = [
            self._user_row(pk, LOGIN_PROVINCE, "省委组织部干部", Role.CITY_STAFF, self.province)
        ]
        self.province_staff = pk
        pk += 1
        self.city_staff: dict[int, int] = {}
        for i, city in enumerate(self.cities, start=1):
            rows.append(
                self._user_row(pk, f"pv-city{i}", f"市委组织部干部{i}", Role.CITY_STAFF, city)
            )
            self.city_staff[city] = pk
            pk += 1
        self.county_staff: dict[int, int] = {}
        for i, county in enumerate(self.counties, start=1):
            rows.append(
                self._user_row(pk, f"pv-county{i}", f"县委组织部干部{i}", Role.COUNTY_STAFF, county)
            )
            self.county_staff[county] = pk
            pk += 1
        self.unit_staff: dict[int, int] = {}
        for i, township in enumerate(self.townships, start=1):
            rows.append(
                self._user_row(pk, f"pv-town{i}", f"乡镇党委委员{i}", Role.UNIT_STAFF, township)
            )
            self.unit_staff[township] = pk
            pk += 1
        _copy("accounts_user", self.USER_COLUMNS, rows, self.stats)

    # Trainees -----------------------------------------------------------------------------

    TRAINEE_COLUMNS = [
        "id",
        "name",
        "sex",
        "ethnicity",
        "birth_date",
        "native_place",
        "id_number",
        "political_status",
        "party_joined_on",
        "education",
        "degree",
        "school",
        "major",
        "stream",
        "reported_on",
        "probation_ends_on",
        "training_ends_on",
        "current_post",
        "status",
        "phone",
        "version",
        "created_at",
        "updated_at",
        "cohort_id",
        "county_id",
        "township_id",
        "user_id",
        "village_id",
        "extension_days",
    ]

    def _trainees(self) -> None:
        s, rng = self.s, self.rng
        first_user = self.ids.take("accounts_user", s.trainees)
        first = self.ids.take("cadets_trainee", s.trainees)
        years = sorted(self.cohorts)
        users, rows = [], []
        # (trainee id, user id, township, place in township, reported, training ends, county)
        self.trainees: list[tuple] = []
        places: dict[int, int] = {}
        streams = [Trainee.Stream.TARGETED, Trainee.Stream.REGULAR, Trainee.Stream.ELITE]
        for i in range(s.trainees):
            pk, user = first + i, first_user + i
            township = self.townships[i % len(self.townships)]
            county = self.township_county[township]
            place = places[township] = places.get(township, -1) + 1
            year = years[i * len(years) // s.trainees]
            reported = dt.date(year, 8, 1)
            probation = add_months(reported, self.programme.probation_months)
            training = add_months(reported, self.programme.training_months)
            name = _name(rng)
            female = rng.random() < 0.5
            birth = dt.date(year - rng.randint(22, 27), rng.randint(1, 12), rng.randint(1, 28))
            party = rng.random() < 0.7
            education = rng.choice(list(Trainee.Education))
            status = Trainee.Status.TRAINING if training > self.today else Trainee.Status.COMPLETED
            village = self.villages[township][i % len(self.villages[township])] if i % 2 else None
            users.append(self._user_row(user, f"pv-t{i + 1}", name, Role.TRAINEE, None))
            rows.append(
                (
                    pk,
                    name,
                    "F" if female else "M",
                    "汉族" if i % 9 else "土家族",
                    birth,
                    rng.choice(["青川省临江市", "江东省临川市", "北岭省云州市"]),
                    _id_number(i, birth, female),
                    Trainee.PoliticalStatus.PARTY_MEMBER
                    if party
                    else Trainee.PoliticalStatus.LEAGUE,
                    dt.date(birth.year + 20, 6, 1) if party else None,
                    education,
                    education,
                    rng.choice(SCHOOLS),
                    rng.choice(MAJORS),
                    streams[i % 3],
                    reported,
                    probation,
                    training,
                    "",
                    status,
                    f"199{i:08d}",
                    1,
                    self.now,
                    self.now,
                    self.cohorts[year],
                    county,
                    township,
                    user,
                    village,
                    0,
                )
            )
            self.trainees.append((pk, user, township, place, reported, training, county))
        _copy("accounts_user", self.USER_COLUMNS, users, self.stats)
        _copy("cadets_trainee", self.TRAINEE_COLUMNS, rows, self.stats)

    # Mentors, pairings, feedback ------------------------------------------------------------

    def _mentors(self) -> None:
        s, rng = self.s, self.rng
        n = s.townships * s.mentors_per_township + s.counties * s.mentors_per_county
        first_user = self.ids.take("accounts_user", n)
        first = self.ids.take("mentors_mentor", n)
        users, rows = [], []
        self.mentors_of: dict[int, list[tuple[int, int]]] = {}  # unit → [(mentor id, user id)]
        units = [(t, "乡镇党委书记", s.mentors_per_township) for t in self.townships] + [
            (c, "县委常委", s.mentors_per_county) for c in self.counties
        ]
        i = 0
        for unit, position, count in units:
            for _ in range(count):
                name = _name(rng)
                users.append(
                    self._user_row(first_user + i, f"pv-m{i + 1}", name, Role.MENTOR, None)
                )
                rows.append(
                    (first + i, name, position, MAJORS[i % len(MAJORS)], 8, unit, first_user + i)
                )
                self.mentors_of.setdefault(unit, []).append((first + i, first_user + i))
                i += 1
        _copy("accounts_user", self.USER_COLUMNS, users, self.stats)
        _copy(
            "mentors_mentor",
            ["id", "name", "position", "expertise", "max_mentees", "unit_id", "user_id"],
            rows,
            self.stats,
        )
        # Five pairings a trainee ("1+3" in the township and two in the county), all from the
        # day they reported to the end of training (open while in training).
        per = 5
        first = self.ids.take("mentors_mentorship", len(self.trainees) * per)
        rows = []
        # (pairing id, mentor user id, trainee user id, first month, last month)
        self.pairings: list[tuple] = []
        self.trainee_mentor_users: dict[int, list[int]] = {}
        pk = first
        for index, (trainee, _user, township, place, reported, training, county) in enumerate(
            self.trainees
        ):
            local = self.mentors_of[township]
            upper = self.mentors_of[county]
            chosen = [
                ("practice", True, local[place % len(local)]),
                ("joint", False, local[(place + 1) % len(local)]),
                ("joint", False, local[(place + 2) % len(local)]),
                ("ideological", False, upper[index % len(upper)]),
                ("joint", False, upper[(index + 1) % len(upper)]),
            ]
            ends = training if training <= self.today else None
            self.trainee_mentor_users[trainee] = [m[2][1] for m in chosen]
            for kind, primary, (mentor, mentor_user) in chosen:
                rows.append((pk, kind, primary, reported, ends, mentor, trainee))
                last = min(_month_index(ends or self.today), _month_index(self.today))
                self.pairings.append((pk, mentor_user, _month_index(reported), last))
                pk += 1
        _copy(
            "mentors_mentorship",
            ["id", "kind", "is_primary", "starts_on", "ends_on", "mentor_id", "trainee_id"],
            rows,
            self.stats,
        )

    FEEDBACK_COLUMNS = [
        "id",
        "month",
        "status",
        "talk_on",
        "talk_form",
        "thinking",
        "work",
        "conduct",
        "life",
        "remark",
        "needs_attention",
        "attention_reason",
        "submitted_at",
        "created_at",
        "updated_at",
        "author_id",
        "mentorship_id",
    ]

    def _feedback(self) -> None:
        """Exactly `sizes.feedback` records (Knuth's selection sampling over every mentorship
        and month it ran, up to this month); this month's are partly drafts."""
        rng = random.Random(11)
        potential = sum(last - start + 1 for _, _, start, last in self.pairings)
        wanted = min(self.s.feedback, potential)
        first = self.ids.take("mentors_monthlyfeedback", wanted)
        this_month = _month_index(self.today)
        texts = {k: v for k, v in FEEDBACK_TEXT.items()}
        tz = timezone.get_current_timezone()

        def rows():
            seen, picked = 0, 0
            for pairing, author, start, last in self.pairings:
                for index in range(start, last + 1):
                    remaining = potential - seen
                    seen += 1
                    if rng.random() * remaining >= wanted - picked:
                        continue
                    month = _month_of(index)
                    current = index == this_month
                    day = min(20, self.today.day) if current else 15 + pairing % 10
                    talk_on = month.replace(day=max(1, day - 5))
                    draft = current and pairing % 3 == 0
                    flagged = not draft and rng.random() < self.s.flagged_share
                    at = dt.datetime.combine(month.replace(day=max(1, day)), dt.time(18), tz)
                    yield (
                        first + picked,
                        month,
                        "draft" if draft else "submitted",
                        talk_on,
                        "face" if pairing % 2 else "phone",
                        texts["thinking"][index % 2],
                        texts["work"][pairing % 2],
                        texts["conduct"][index % 2],
                        texts["life"][pairing % 2],
                        texts["remark"][index % 2],
                        flagged,
                        "思想波动较大，需组织部门关注" if flagged else "",
                        None if draft else at,
                        at,
                        at,
                        author,
                        pairing,
                    )
                    picked += 1

        _copy("mentors_monthlyfeedback", self.FEEDBACK_COLUMNS, rows(), self.stats)

    # Posts and rotations ------------------------------------------------------------------

    def _rotations(self) -> None:
        s = self.s
        per_township = len(TOWNSHIP_POSTS) + s.villages_per_township * len(VILLAGE_POSTS)
        first = self.ids.take("rotations_post", s.townships * per_township)
        rows = []
        self.posts: dict[int, list[tuple[int, str]]] = {}
        pk = first
        for township in self.townships:
            posts = []
            for category, name in TOWNSHIP_POSTS:
                rows.append((pk, name, 2, True, "", township, None, self.categories[category]))
                posts.append((pk, name))
                pk += 1
            for village in self.villages[township]:
                for name in VILLAGE_POSTS:
                    rows.append(
                        (pk, name, 1, True, "", township, village, self.categories["村任职"])
                    )
                    posts.append((pk, name))
                    pk += 1
            self.posts[township] = posts
        _copy(
            "rotations_post",
            [
                "id",
                "name",
                "capacity",
                "is_active",
                "description",
                "township_id",
                "village_id",
                "category_id",
            ],
            rows,
            self.stats,
        )
        n = len(self.trainees) * s.rotations_per_trainee
        first = self.ids.take("rotations_rotation", n)
        this_month = _month_index(self.today)
        current_posts: dict[int, str] = {}

        def rows_():
            pk = first
            for trainee, _user, township, place, reported, _training, county in self.trainees:
                posts = self.posts[township]
                start = _month_index(reported)
                for k in range(s.rotations_per_trainee):
                    index = start + k
                    post, name = posts[(place + index) % len(posts)]
                    month = _month_of(index)
                    if index == this_month:
                        current_posts[trainee] = name
                    yield (
                        pk,
                        month,
                        _month_end(month),
                        "按培养方案轮岗" if k else "报到后首岗安排",
                        self.now,
                        self.county_staff[county],
                        post,
                        trainee,
                        "",  # no length exception
                    )
                    pk += 1

        _copy(
            "rotations_rotation",
            [
                "id",
                "starts_on",
                "ends_on",
                "reason",
                "created_at",
                "created_by_id",
                "post_id",
                "trainee_id",
                "length_exception",
            ],
            rows_(),
            self.stats,
        )
        # The trainee's current post follows the current rotation (rotations.services does so).
        with connection.cursor() as cursor:
            buffer = io.StringIO("".join(f"{pk}\t{name}\n" for pk, name in current_posts.items()))
            cursor.execute("CREATE TEMP TABLE _current_post (id bigint, name text) ON COMMIT DROP")
            with cursor.cursor.copy("COPY _current_post FROM STDIN") as copy:
                copy.write(buffer.getvalue())
            cursor.execute(
                "UPDATE cadets_trainee t SET current_post = c.name FROM _current_post c "
                "WHERE t.id = c.id"
            )

    # Assessments --------------------------------------------------------------------------

    def _cycles(self) -> list[dict]:
        """Per county: an annual cycle a year, a probation and a completion cycle per cohort
        once its period is over, and this year's finished quarters as routine cycles."""
        today = self.today
        cycles = []
        years = sorted(self.cohorts)
        for county in self.counties:

            def add(kind, name, start, end, deadline, members, county=county):
                status = "locked" if end < today else "open"
                cycles.append(
                    {
                        "kind": kind,
                        "name": name,
                        "start": start,
                        "end": end,
                        "deadline": deadline,
                        "county": county,
                        "status": status,
                        "members": members,
                    }
                )

            for year in range(years[0], today.year + 1):
                add(
                    "annual",
                    f"{year}年度考核",
                    dt.date(year, 1, 1),
                    dt.date(year, 12, 31),
                    dt.date(year + 1, 1, 15),
                    lambda r, t, y=year: r <= dt.date(y, 12, 31) and t > dt.date(y, 1, 1),
                )
            for year in years:
                reported = dt.date(year, 8, 1)
                probation_end = add_months(reported, self.programme.probation_months)
                if probation_end <= today:
                    add(
                        "probation",
                        f"{year}届试用期满考核",
                        reported,
                        probation_end - dt.timedelta(days=1),
                        probation_end + dt.timedelta(days=14),
                        lambda r, t, y=reported: r == y,
                    )
                training_end = add_months(reported, self.programme.training_months)
                if training_end <= today:
                    add(
                        "completion",
                        f"{year}届锻炼期满考核",
                        reported,
                        training_end - dt.timedelta(days=1),
                        training_end + dt.timedelta(days=30),
                        lambda r, t, y=reported: r == y,
                    )
            quarter_starts = [dt.date(today.year, m, 1) for m in (1, 4, 7, 10)]
            for q, start in enumerate(quarter_starts, start=1):
                end = _month_end(add_months(start, 2))
                if end >= today:
                    break
                add(
                    "routine",
                    f"{today.year}年第{q}季度平时考核",
                    start,
                    end,
                    end + dt.timedelta(days=20),
                    lambda r, t, s=start, e=end: r <= e and t > s,
                )
        return cycles

    def _assessments(self) -> None:
        from assessments import scoring

        rng = random.Random(13)
        cycles = self._cycles()
        # The last finished quarter is in public notice; every other finished cycle is locked.
        last_routine = max((c["end"] for c in cycles if c["kind"] == "routine"), default=None)
        for cycle in cycles:
            if cycle["kind"] == "routine":
                cycle["status"] = "notice" if cycle["end"] == last_routine else "locked"
        by_county: dict[int, list[tuple]] = {}
        for t in self.trainees:
            by_county.setdefault(t[6], []).append(t)
        first_cycle = self.ids.take("assessments_assessmentcycle", len(cycles))
        cycle_rows, assessments, raters, scores, tallies, batches, outcomes = (
            [],
            [],
            [],
            [],
            [],
            [],
            [],
        )
        a_pk = self.ids.take("assessments_assessment", 0)
        r_pk = self.ids.take("assessments_raterassignment", 0)
        s_pk = self.ids.take("assessments_dimensionscore", 0)
        t_pk = self.ids.take("assessments_democratictally", 0)
        b_pk = self.ids.take("assessments_ballotbatch", 0)
        o_pk = self.ids.take("assessments_outcome", 0)
        tz = timezone.get_current_timezone()
        excellent_counts: dict[int, int] = {}
        for n, cycle in enumerate(cycles):
            pk = first_cycle + n
            closed = cycle["status"] != "open"
            county_staff = self.county_staff[cycle["county"]]
            notice_start = cycle["deadline"] + dt.timedelta(days=3) if closed else None
            notice_end = notice_start + dt.timedelta(days=7) if closed else None
            if cycle["status"] == "notice":
                notice_start = min(notice_start, self.today - dt.timedelta(days=2))
                notice_end = self.today + dt.timedelta(days=5)
            locked_at = (
                dt.datetime.combine(notice_end + dt.timedelta(days=1), dt.time(9), tz)
                if cycle["status"] == "locked"
                else None
            )
            cycle_rows.append(
                (
                    pk,
                    cycle["name"],
                    cycle["kind"],
                    cycle["start"],
                    cycle["end"],
                    cycle["deadline"],
                    20,
                    cycle["status"],
                    notice_start,
                    notice_end,
                    locked_at,
                    self.now,
                    county_staff,
                    cycle["county"],
                    self.template.pk,
                )
            )
            members = [
                t for t in by_county.get(cycle["county"], []) if cycle["members"](t[4], t[5])
            ]
            ability = {t[0]: rng.uniform(72, 96) for t in members}
            ranked = sorted(members, key=lambda t: ability[t[0]], reverse=True)
            allowed = scoring.excellent_quota(len(members), 20)
            confirmed_at = dt.datetime.combine(cycle["deadline"], dt.time(10), tz)
            for rank, t in enumerate(ranked):
                trainee, user, township = t[0], t[1], t[2]
                base = ability[trainee]
                grade, score = "", None
                if closed:
                    score = Decimal(f"{base:.2f}")
                    if rank < allowed and base >= 88:
                        grade = "excellent"
                        excellent_counts[trainee] = excellent_counts.get(trainee, 0) + 1
                    elif base >= 75:
                        grade = "competent"
                    else:
                        grade = "basic"
                assessments.append(
                    (
                        a_pk,
                        grade,
                        score,
                        "能够较好完成工作任务。" if closed else "",
                        confirmed_at if closed else None,
                        confirmed_at + dt.timedelta(days=12)
                        if cycle["status"] == "locked"
                        else None,
                        "",
                        "confirmed" if closed and cycle["kind"] == "probation" else "",
                        county_staff if closed else None,
                        trainee,
                        pk,
                    )
                )
                rater_list = [("self", user)]
                rater_list += [("mentor", m) for m in self.trainee_mentor_users[trainee]]
                rater_list += [("unit", self.unit_staff[township]), ("org", county_staff)]
                for kind, rater in rater_list:
                    submitted = closed or (rng.random() < 0.6)
                    raters.append(
                        (
                            r_pk,
                            kind,
                            "本期认真履职。" if submitted else "",
                            confirmed_at - dt.timedelta(days=5) if submitted else None,
                            a_pk,
                            rater,
                        )
                    )
                    if submitted:
                        for dimension in self.dimensions:
                            value = min(100.0, max(0.0, base + rng.uniform(-4, 4)))
                            scores.append((s_pk, Decimal(f"{value:.1f}"), dimension.pk, r_pk))
                            s_pk += 1
                    r_pk += 1
                votes = {"excellent": 0, "competent": 0, "basic": 0, "incompetent": 0}
                if closed:
                    for _ in range(17):
                        roll = rng.uniform(60, 100)
                        votes[
                            "excellent"
                            if roll < base - 5
                            else "competent"
                            if roll < base + 10
                            else "basic"
                        ] += 1
                    batches.append((b_pk, "colleagues", 20, cycle["end"], a_pk, county_staff))
                    b_pk += 1
                for grade_value, count in votes.items():
                    tallies.append((t_pk, grade_value, count, a_pk))
                    t_pk += 1
                a_pk += 1
        # The talent pool: completed trainees with two 优秀 or more.
        for t in self.trainees:
            if excellent_counts.get(t[0], 0) >= 2 and t[5] <= self.today:
                pool = "excellent" if t[0] % 3 else "reserve"
                outcomes.append(
                    (
                        o_pk,
                        "talent_pool",
                        pool,
                        "",
                        "两次年度考核优秀，表现突出",
                        t[5] + dt.timedelta(days=40),
                        self.now,
                        None,
                        self.county_staff[t[6]],
                        t[0],
                    )
                )
                o_pk += 1
        for table, n in (
            ("assessments_assessment", len(assessments)),
            ("assessments_raterassignment", len(raters)),
            ("assessments_dimensionscore", len(scores)),
            ("assessments_democratictally", len(tallies)),
            ("assessments_ballotbatch", len(batches)),
            ("assessments_outcome", len(outcomes)),
        ):
            self.ids.take(table, n)
        # Cycles are written open first and closed last: the lock trigger refuses rows of a
        # locked cycle, when triggers run.
        opened = [row[:7] + ("open", None, None, None) + row[11:] for row in cycle_rows]
        cycle_columns = [
            "id",
            "name",
            "kind",
            "period_start",
            "period_end",
            "rating_deadline",
            "excellent_quota",
            "status",
            "notice_starts_on",
            "notice_ends_on",
            "locked_at",
            "created_at",
            "created_by_id",
            "jurisdiction_id",
            "template_id",
        ]
        _copy("assessments_assessmentcycle", cycle_columns, opened, self.stats)
        _copy(
            "assessments_assessment",
            [
                "id",
                "grade",
                "score",
                "staff_comment",
                "confirmed_at",
                "acknowledged_at",
                "objection",
                "probation_decision",
                "confirmed_by_id",
                "trainee_id",
                "cycle_id",
            ],
            assessments,
            self.stats,
        )
        _copy(
            "assessments_raterassignment",
            ["id", "kind", "comment", "submitted_at", "assessment_id", "rater_id"],
            raters,
            self.stats,
        )
        _copy(
            "assessments_dimensionscore",
            ["id", "score", "dimension_id", "assignment_id"],
            scores,
            self.stats,
        )
        _copy(
            "assessments_democratictally",
            ["id", "grade", "votes", "assessment_id"],
            tallies,
            self.stats,
        )
        _copy(
            "assessments_ballotbatch",
            ["id", "group", "issued", "issued_on", "assessment_id", "issued_by_id"],
            batches,
            self.stats,
        )
        _copy(
            "assessments_outcome",
            [
                "id",
                "kind",
                "pool",
                "post",
                "reason",
                "decided_on",
                "created_at",
                "assessment_id",
                "recorded_by_id",
                "trainee_id",
            ],
            outcomes,
            self.stats,
        )
        with connection.cursor() as cursor:
            for row in cycle_rows:
                if row[7] != "open":
                    cursor.execute(
                        "UPDATE assessments_assessmentcycle SET status = %s, notice_starts_on = %s,"
                        " notice_ends_on = %s, locked_at = %s WHERE id = %s",
                        [row[7], row[8], row[9], row[10], row[0]],
                    )
        self.stats.rows.setdefault("assessments_assessmentcycle", len(cycle_rows))

    # Notifications ------------------------------------------------------------------------

    def _notifications(self) -> None:
        """Past reminders: the end of probation and of training of each trainee, to the trainee
        and their township's staff; read when the date has passed."""
        from django.contrib.contenttypes.models import ContentType

        trainee_type = ContentType.objects.get_for_model(Trainee).pk
        rows = []
        per_staff: dict[int, int] = {}
        for trainee, user, township, _place, reported, training, _county in self.trainees:
            probation = add_months(reported, self.programme.probation_months)
            for kind, due, title in (
                ("cadets.probation_ending", probation, "试用期即将期满，请准备转正考核"),
                ("cadets.training_ending", training, "基层锻炼期即将期满，请准备期满考核"),
            ):
                if due - dt.timedelta(days=30) > self.today:
                    continue
                staff = self.unit_staff[township]
                recipients = [user]
                if per_staff.get(staff, 0) < self.s.notifications_per_unit_staff:
                    recipients.append(staff)
                    per_staff[staff] = per_staff.get(staff, 0) + 1
                created = dt.datetime.combine(due - dt.timedelta(days=30), dt.time(8), dt.UTC)
                read = created + dt.timedelta(days=2) if due < self.today else None
                for recipient in recipients:
                    rows.append(
                        (
                            kind,
                            trainee,
                            due.isoformat(),
                            0,
                            title,
                            f"/trainees/{trainee}/",
                            due,
                            None,
                            created,
                            read,
                            False,
                            None,
                            recipient,
                            trainee_type,
                            township,
                            None,
                        )
                    )
        first = self.ids.take("notifications_notification", len(rows))
        _copy(
            "notifications_notification",
            [
                "id",
                "kind",
                "subject_id",
                "period",
                "escalation_level",
                "title",
                "url",
                "due_on",
                "overdue_since",
                "created_at",
                "read_at",
                "in_digest",
                "digest_id",
                "recipient_id",
                "subject_type_id",
                "unit_id",
                "sweep_id",
            ],
            ((first + i, *row) for i, row in enumerate(rows)),
            self.stats,
        )


def verify() -> dict[str, int]:
    """Counts of rule breaks in the data (all should be 0): overlapping rotations of a trainee,
    posts over capacity on the first day of a month, two records for a mentorship and month,
    two current primary mentors."""
    checks = {
        "overlapping rotations": """
            SELECT COUNT(*) FROM rotations_rotation a JOIN rotations_rotation b
              ON a.trainee_id = b.trainee_id AND a.id < b.id
             AND a.starts_on <= COALESCE(b.ends_on, 'infinity') AND b.starts_on <= COALESCE(a.ends_on, 'infinity')""",  # noqa: E501
        "posts over capacity": """
            SELECT COUNT(*) FROM (
              SELECT r.post_id, r.starts_on FROM rotations_rotation r
              JOIN rotations_post p ON p.id = r.post_id
              GROUP BY r.post_id, r.starts_on, p.capacity HAVING COUNT(*) > p.capacity) x""",
        "duplicate feedback": """
            SELECT COUNT(*) FROM (SELECT 1 FROM mentors_monthlyfeedback
              GROUP BY mentorship_id, month HAVING COUNT(*) > 1) x""",
        "two current primaries": """
            SELECT COUNT(*) FROM (SELECT 1 FROM mentors_mentorship WHERE is_primary
              AND ends_on IS NULL GROUP BY trainee_id HAVING COUNT(*) > 1) x""",
    }
    result = {}
    with connection.cursor() as cursor:
        for label, sql in checks.items():
            cursor.execute(sql)
            result[label] = cursor.fetchone()[0]
    return result
