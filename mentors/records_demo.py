"""Demo mentoring records (called by mentors/demo.py): a year of monthly feedback with some months
missing and some flagged, this month's records in every state, talks and report comments.

The demo `mentor` is the practice mentor of the demo `trainee`, whose record of this month is
still to be written — the browser test fills it in."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, User
from cadets.models import ReportComment, WorkReport

from .models import Mentorship, MonthlyFeedback, TalkForm, TalkRecord, month_start

THINKING = [
    "理想信念坚定，主动学习党的创新理论",
    "对基层工作认识逐步深化",
    "思想稳定，扎根基层意愿强",
]
WORK = ["指导其牵头推进人居环境整治", "带领参与矛盾纠纷调解", "指导撰写调研报告，思路清晰"]
CONDUCT = ["深入农户走访，作风扎实", "注意工作方法，群众口碑好", "守纪律讲规矩，能吃苦"]
LIFE = ["关心住宿和饮食情况，已协调解决", "了解家庭情况，鼓励安心工作", "提醒注意冬季出行安全"]
FLAGS = [
    "近期情绪低落，家中有变故，需组织关心",
    "反映工作压力大，有畏难情绪",
    "与村干部沟通不畅，需协调",
]


def seed(ctx: dict) -> None:
    today = timezone.localdate()
    this_month = month_start(today)
    rng = random.Random(2026)
    pairings = list(
        Mentorship.objects.select_related("mentor", "trainee").order_by("trainee_id", "pk")
    )
    records = []
    for pairing in pairings:
        if pairing.kind == Mentorship.Kind.JOINT and pairing.pk % 2:
            continue
        month = max(month_start(pairing.starts_on), _back(this_month, 12))
        last = month_start(pairing.ends_on) if pairing.ends_on else this_month
        while month <= last and month < this_month:
            if rng.random() >= 0.15:  # some months missing
                records.append(_record(pairing, month, rng, flagged=rng.random() < 0.06))
            month = _back(month, -1)
        if pairing.is_current(today) and pairing.is_primary:
            records.extend(_this_month(pairing, this_month, today, rng))
    bulk_create_with_history(records, MonthlyFeedback, batch_size=500)
    _talks(pairings, today, rng)
    _mentor_comments(pairings, rng)


def _this_month(pairing, month, today, rng) -> list[MonthlyFeedback]:
    """This month: the demo trainee's record is still due; the others done, draft or due."""
    if pairing.trainee.user and pairing.trainee.user.username == "trainee":
        return []
    roll = pairing.trainee_id % 3
    if roll == 0:
        return [_record(pairing, month, rng, flagged=False, talk_on=today)]
    if roll == 1:
        draft = _record(pairing, month, rng, flagged=False, talk_on=today)
        draft.status = MonthlyFeedback.Status.DRAFT
        draft.life = draft.conduct = ""
        draft.submitted_at = None
        return [draft]
    return []


def _record(pairing, month, rng, *, flagged: bool, talk_on=None) -> MonthlyFeedback:
    talk_on = talk_on or month + dt.timedelta(days=rng.randint(3, 24))
    return MonthlyFeedback(
        mentorship=pairing,
        month=month,
        status=MonthlyFeedback.Status.SUBMITTED,
        talk_on=talk_on,
        talk_form=rng.choice(list(TalkForm)),
        thinking=rng.choice(THINKING),
        work=rng.choice(WORK),
        conduct=rng.choice(CONDUCT),
        life=rng.choice(LIFE),
        remark="本月表现良好，继续加强理论学习和实践锻炼。",
        needs_attention=flagged,
        attention_reason=rng.choice(FLAGS) if flagged else "",
        author=pairing.mentor.user,
        submitted_at=timezone.make_aware(
            dt.datetime.combine(talk_on, dt.time(18, 0))  # noqa: DTZ001 - made aware here
        ),
    )


def _talks(pairings, today, rng) -> None:
    staff = {u.org_unit_id: u for u in User.objects.filter(role=Role.UNIT_STAFF)}
    for pairing in pairings:
        if not pairing.is_primary or pairing.trainee_id % 2:
            continue
        TalkRecord.objects.create(
            trainee=pairing.trainee,
            held_on=today - dt.timedelta(days=rng.randint(5, 90)),
            form=TalkForm.FACE,
            summary="了解近期思想和工作情况，交流轮岗安排和个人成长规划。",
            follow_up="下月跟进轮岗需求",
            author=staff[pairing.trainee.township_id],
        )
        TalkRecord.objects.create(
            trainee=pairing.trainee,
            held_on=today - dt.timedelta(days=rng.randint(1, 30)),
            form=TalkForm.PHONE,
            summary="电话谈心，关心冬季生活保障。",
            author=pairing.mentor.user,
        )


def _mentor_comments(pairings, rng) -> None:
    mentor_of = {p.trainee_id: p.mentor.user for p in pairings if p.is_primary}
    for report in WorkReport.objects.filter(kind=WorkReport.Kind.MONTHLY).order_by("pk"):
        if report.trainee_id in mentor_of and rng.random() < 0.3:
            ReportComment.objects.create(
                report=report,
                author=mentor_of[report.trainee_id],
                body="内容具体，建议多思考问题背后的原因。",
            )


def _back(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)
