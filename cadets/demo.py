"""Demo trainees: two cohorts of invented graduates, placed across the demo townships.

ID numbers use area code 99xxxx, which no real region has, so they pass the GB 11643 check
digit but belong to no one."""

from __future__ import annotations

import datetime as dt
import random

from accounts.demo import DEMO_PASSWORD
from accounts.models import OrgUnit, Role, User

from . import daily_demo
from .idnumber import check_char
from .models import Cohort, Programme, Trainee, add_months
from .plan_demo import seed_plans

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程"
)
GIVEN = "晓文明华建国志强丽娟俊杰思远子涵雨欣浩然嘉怡宇航佳琪博文心怡梓萱一鸣书瑶天佑若曦"
SCHOOLS = [
    "青山大学",
    "江东师范大学",
    "北岭理工大学",
    "南湖财经大学",
    "西川农业大学",
    "东海政法大学",
]
MAJORS = ["农业经济管理", "法学", "汉语言文学", "土木工程", "公共管理", "计算机科学与技术",
          "环境工程", "社会学", "会计学", "马克思主义理论"]  # fmt: skip
TRAINEES_PER_COHORT = 30


def make_id_number(rng: random.Random, birth: dt.date, female: bool) -> str:
    area = f"99{rng.randint(0, 9999):04d}"
    seq = rng.randint(0, 499) * 2 + (0 if female else 1)  # odd for men, even for women
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def seed(ctx: dict) -> None:
    Programme.current()
    cohorts = [
        Cohort.objects.get_or_create(year=year, defaults={"name": f"{year}届选调生"})[0]
        for year in (2025, 2026)
    ]
    ctx["cohorts"] = cohorts
    if Trainee.objects.filter(user__username="trainee").exists():
        ctx["trainees"] = list(Trainee.objects.filter(cohort__in=cohorts).order_by("pk"))
        seed_plans(ctx["trainees"])
        daily_demo.seed(ctx)
        return
    rng = random.Random(2026)
    townships: list[OrgUnit] = ctx["townships"]
    trainees = []
    used_names: set[str] = set()
    for cohort in cohorts:
        reported = dt.date(cohort.year, 8, 1)
        for i in range(TRAINEES_PER_COHORT):
            name = _unique_name(rng, used_names)
            female = rng.random() < 0.5
            birth = dt.date(
                cohort.year - rng.randint(22, 27), rng.randint(1, 12), rng.randint(1, 28)
            )
            township = townships[i % len(townships)]
            party = rng.random() < 0.7
            education = rng.choice(list(Trainee.Education))
            trainee = Trainee(
                name=name,
                sex=Trainee.Sex.FEMALE if female else Trainee.Sex.MALE,
                ethnicity=rng.choice(["汉族"] * 8 + ["回族", "土家族"]),
                birth_date=birth,
                native_place=rng.choice(["青山市", "江东省临川市", "北岭省云州市"]),
                id_number=make_id_number(rng, birth, female),
                phone=f"199{rng.randint(0, 99999999):08d}",
                political_status=(
                    Trainee.PoliticalStatus.PARTY_MEMBER
                    if party
                    else Trainee.PoliticalStatus.LEAGUE
                ),
                party_joined_on=dt.date(birth.year + 20, 6, 1) if party else None,
                education=education,
                degree={"bachelor": "bachelor", "master": "master", "doctor": "doctor"}[education],
                school=rng.choice(SCHOOLS),
                major=rng.choice(MAJORS),
                stream=rng.choice(list(Trainee.Stream)[:3]),
                cohort=cohort,
                reported_on=reported,
                county=township.parent,
                township=township,
                village=township.children.order_by("code")[i % 3] if i % 2 == 0 else None,
                current_post="党政综合办公室" if i % 2 else "村党组织书记助理",
            )
            trainee.full_clean()
            trainee.save()
            trainees.append(trainee)
    for n, trainee in enumerate(trainees, start=1):
        username = "trainee" if n == 1 else f"xds{n:03d}"
        user = User.objects.create_user(
            username, password=DEMO_PASSWORD, full_name=trainee.name, role=Role.TRAINEE
        )
        trainee.user = user
        trainee.save(update_fields=["user"])
    _due_soon(trainees)
    ctx["trainees"] = trainees
    seed_plans(trainees)
    daily_demo.seed(ctx)


def _due_soon(trainees: list[Trainee]) -> None:
    """Two trainees of the first township whose dates fall due soon after today, so that the
    reminders (cadets/reminders.py) have something to say in the demo: the "trainee" login's
    probation ends in three weeks, a colleague's training period in about six."""
    today = dt.date.today()  # noqa: DTZ011 — the demo is relative to the day it is seeded
    for trainee, months, days in ((trainees[0], -12, 20), (trainees[12], -24, 45)):
        trainee.reported_on = add_months(today, months) + dt.timedelta(days=days)
        trainee.save(update_fields=["reported_on", "probation_ends_on", "training_ends_on"])


def _unique_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
        if name not in used:
            used.add(name)
            return name
