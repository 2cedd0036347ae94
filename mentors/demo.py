"""Demo mentors: 30 invented officials at county, township and village level, each trainee
with a primary practice mentor in their township and some with a county ideological mentor."""

from __future__ import annotations

import datetime as dt

from accounts.demo import DEMO_PASSWORD
from accounts.models import OrgUnit, Role, User

from . import records_demo
from .models import Mentor, MentoringConfig, Mentorship, MentorType, MonthlyFeedback

MENTOR_NAMES = (
    "高建平 林秀英 罗志刚 郑玉兰 梁国庆 谢红梅 宋长青 唐立新 许文斌 韩春燕 "
    "冯德胜 邓丽华 曹永福 彭桂芳 曾宪民 萧雅琴 田守仁 董海燕 潘振华 袁淑珍 "
    "蔡明远 蒋玉珍 余庆丰 于秀梅 杜卫东 叶惠民 程光耀 魏素琴 吕建军 丁雪梅"
).split()
EXPERTISE = ["农业经济", "基层党建", "社会治理", "项目建设", "乡村规划", "法律事务"]


def seed(ctx: dict) -> None:
    MentorType.ensure_defaults()
    MentoringConfig.current()
    if not Mentor.objects.exists():
        _seed_mentors(ctx)
    if not MonthlyFeedback.objects.exists():
        records_demo.seed(ctx)


def _seed_mentors(ctx: dict) -> None:
    townships: list[OrgUnit] = ctx["townships"]
    counties: list[OrgUnit] = ctx["counties"]
    mentors_by_unit: dict[int, list[Mentor]] = {}
    for i, name in enumerate(MENTOR_NAMES):
        # 3 county leaders, then two per township (party secretary, deputy), then the rest.
        if i < len(counties):
            unit, position = counties[i], "县委常委"
        else:
            unit = townships[(i - len(counties)) % len(townships)]
            position = "乡镇党委书记" if i < len(counties) + len(townships) else "乡镇党委副书记"
        username = "mentor" if i == len(counties) else f"ds{i + 1:03d}"
        user = User.objects.create_user(
            username, password=DEMO_PASSWORD, full_name=name, role=Role.MENTOR
        )
        mentor = Mentor.objects.create(
            user=user,
            name=name,
            unit=unit,
            position=position,
            expertise=EXPERTISE[i % len(EXPERTISE)],
            max_mentees=6 if i < len(counties) else 4,
        )
        mentors_by_unit.setdefault(unit.pk, []).append(mentor)
    for i, trainee in enumerate(ctx["trainees"]):
        practice = mentors_by_unit[trainee.township_id][
            i % len(mentors_by_unit[trainee.township_id])
        ]
        Mentorship.objects.create(
            trainee=trainee,
            mentor=practice,
            kind=Mentorship.Kind.PRACTICE,
            is_primary=True,
            starts_on=trainee.reported_on,
        )
        if i % 3 == 0:
            Mentorship.objects.create(
                trainee=trainee,
                mentor=mentors_by_unit[trainee.county_id][0],
                kind=Mentorship.Kind.IDEOLOGICAL,
                starts_on=trainee.reported_on,
                ends_on=None if i % 2 == 0 else trainee.reported_on + dt.timedelta(days=365),
            )
        if i % 4 == 1:
            # "1+3": the township's other official as joint mentor.
            colleagues = [m for m in mentors_by_unit[trainee.township_id] if m != practice]
            Mentorship.objects.create(
                trainee=trainee,
                mentor=colleagues[0],
                kind=Mentorship.Kind.JOINT,
                starts_on=trainee.reported_on + dt.timedelta(days=30),
            )
