"""Demo courses and study sessions (seed_demo): pre-post training of the newest cohort, the
city's concentrated rotational training, a county's original-aspiration study, online study
and a township's study session — with attendance and hours, some trainees short of the year's
hours (so that the reminder shows) — and the rules."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from cadets.models import Trainee

from . import services
from .models import Course, Enrolment, TrainingRules


def seed(ctx: dict) -> None:
    TrainingRules.current()
    if Course.objects.exists():
        return
    rng = random.Random(21)
    admin = User.objects.get(username="admin")
    year = timezone.localdate().year
    city, counties, townships = ctx["city"], ctx["counties"], ctx["townships"]
    training = Trainee.objects.filter(status=Trainee.Status.TRAINING)
    newest = max(ctx["cohorts"], key=lambda cohort: cohort.year)

    def course(title, kind, starts_on, days, hours, organiser, unit, description=""):
        return services.course_save(
            actor=admin,
            title=title,
            kind=kind,
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=days - 1),
            hours=Decimal(hours),
            organiser=organiser,
            organiser_unit=unit,
            description=description,
        )

    pre_post = course(
        f"{newest.year}年新录用选调生岗前培训",
        Course.Kind.PRE_POST,
        dt.date(newest.year, 8, 18),
        5,
        "40",
        "市委组织部、市委党校",
        city,
        "政策理论、基层治理实务、群众工作方法、廉政教育。",
    )
    rotation = course(
        f"{year}年全市选调生集中轮训（第一期）",
        Course.Kind.ROTATION,
        dt.date(year, 4, 13),
        3,
        "24",
        "市委组织部",
        city,
        "乡村振兴专题研讨与现场教学。",
    )
    mission = course(
        "“不忘初心、牢记使命”专题学习",
        Course.Kind.MISSION,
        dt.date(year, 6, 28),
        1,
        "8",
        f"{counties[0].name}委组织部",
        counties[0],
        "重温入党誓词，参观革命教育基地，专题党课。",
    )
    online = course(
        "网络学院在线学习：新时代基层治理专题",
        Course.Kind.ONLINE,
        dt.date(year, 3, 1),
        180,
        "12",
        "市干部网络学院",
        city,
    )
    session = course(
        "乡镇理论学习中心组扩大学习",
        Course.Kind.OTHER,
        dt.date(year, 9, 10),
        1,
        "4",
        f"{townships[0].name}党委",
        townships[0],
    )
    services.course_enrol(actor=admin, course=pre_post, cohort=newest)
    services.course_enrol(actor=admin, course=rotation, trainees=list(training))
    services.course_enrol(
        actor=admin, course=mission, trainees=list(training.filter(county=counties[0]))
    )
    services.course_enrol(actor=admin, course=online, trainees=list(training))
    services.course_enrol(
        actor=admin, course=session, trainees=list(training.filter(township=townships[0]))
    )
    for item in (pre_post, rotation, mission, online, session):
        values = {}
        for enrolment in item.enrolments.all():
            roll = rng.random()
            if item is online and roll < 0.3:
                continue  # still studying
            if roll < 0.08:
                status, hours = Enrolment.Status.ABSENT, None
            elif roll < 0.18:
                status, hours = Enrolment.Status.PARTIAL, (item.hours / 2).quantize(Decimal("1"))
            else:
                status, hours = Enrolment.Status.COMPLETED, None
            values[enrolment.pk] = {"status": status, "hours": hours, "note": ""}
        services.enrolments_record(actor=admin, course=item, values=values)
