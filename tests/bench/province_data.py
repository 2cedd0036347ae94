"""Province-shaped data for the tests of issue 9: the benchmark's generator (bench/province.py)
at two small sizes, topped up so that every page of the benchmark has something to show."""

from __future__ import annotations

import datetime as dt

from bench.province import Sizes, seed_province

SMALL = dict(
    cities=1,
    counties_per_city=1,
    villages_per_township=2,
    cohorts=1,
    mentors_per_township=3,
    mentors_per_county=2,
    rotations_per_trainee=6,
    flagged_share=0.3,
    notifications_per_unit_staff=5,
)
ONE = Sizes(townships_per_county=1, trainees=1, feedback=40, **SMALL)
FIFTY = Sizes(townships_per_county=5, trainees=50, feedback=2000, **SMALL)


def province(sizes: Sizes) -> None:
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import Role, User
    from assessments.models import Outcome
    from cadets.models import Trainee
    from mentors.models import MonthlyFeedback
    from notifications.models import Notification

    seed_province(sizes, log=lambda line: None)
    records = MonthlyFeedback.objects.filter(status=MonthlyFeedback.Status.SUBMITTED)
    if not records.filter(needs_attention=True).exists():
        records.filter(pk=records.order_by("pk").values("pk")[:1]).update(
            needs_attention=True, attention_reason="需关注"
        )
    for trainee in Trainee.objects.order_by("pk"):
        Outcome.objects.create(
            trainee=trainee,
            kind=Outcome.Kind.TALENT_POOL,
            pool=Outcome.Pool.RESERVE,
            reason="表现突出",
            decided_on=dt.date(2026, 11, 1),
        )
        unit = User.objects.get(role=Role.UNIT_STAFF, org_unit_id=trainee.township_id)
        Notification.objects.get_or_create(
            recipient=unit,
            kind="cadets.probation_ending",
            subject_type=ContentType.objects.get_for_model(Trainee),
            subject_id=trainee.pk,
            period="test",
            defaults={"title": "试用期即将期满", "url": f"/trainees/{trainee.pk}/"},
        )
