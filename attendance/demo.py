"""Demo attendance (seed_demo): the sheets of the last two months for every township with
trainees — most submitted, one corrected, a few days absent or late, last month's sheet of one
township still a draft and of another not started (so that the reminder and its escalation
show) — and the rules."""

from __future__ import annotations

import random

from django.utils import timezone

from accounts.models import Role, User

from . import services
from .models import AttendanceRules, AttendanceSheet, add_month, first_of_month

REMARKS = ["参加县里防汛值班", "下村开展入户走访", "赴县城参加业务培训", "驻村开展人居环境整治"]


def seed(ctx: dict) -> None:
    AttendanceRules.current()
    if AttendanceSheet.objects.exists():
        return
    rng = random.Random(20)
    admin = User.objects.get(username="admin")
    staff = {
        user.org_unit_id: user for user in User.objects.filter(role=Role.UNIT_STAFF).order_by("-pk")
    }
    this_month = first_of_month(timezone.localdate())
    for back in (2, 1):
        month = add_month(this_month, -back)
        townships = [t for t in ctx["townships"] if services.month_trainees(t, month).exists()]
        for i, township in enumerate(townships):
            if back == 1 and i == 1:
                continue  # not started: overdue, and escalating
            actor = staff.get(township.pk, admin)
            sheet = services.sheet_start(actor=actor, township=township, month=month)
            _fill(sheet, actor, rng)
            if back == 1 and i == 2:
                continue  # a draft, not yet submitted
            sheet = services.sheet_submit(actor=actor, sheet=sheet)
            if back == 2 and i == 0:
                correction = services.sheet_correct(
                    actor=actor, sheet=sheet, reason="补录一名选调生下村公出天数"
                )
                _fill(correction, actor, rng, official=3)
                services.sheet_submit(actor=actor, sheet=correction)


def _fill(sheet, actor, rng: random.Random, official: int = 0) -> None:
    entries = {}
    for entry in sheet.entries.all():
        expected = sheet.required_days - entry.leave_days
        roll = rng.random()
        absent = 1 if roll < 0.08 else 0
        away = official or rng.choice([0, 0, 1, 2, 3])
        entries[entry.pk] = {
            "present_days": max(expected - away - absent - (3 if roll > 0.95 else 0), 0),
            "official_days": away,
            "absent_days": absent,
            "late_count": rng.choice([0, 0, 0, 1, 2]),
            "remark": rng.choice(REMARKS) if away else "",
        }
    services.sheet_fill(
        actor=actor, sheet=sheet, required_days=sheet.required_days, entries=entries
    )
