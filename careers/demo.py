"""Demo careers: four older cohorts (2021–2024, trainees who finished their grassroots period)
with the years after it — transfers (exchange postings, secondments, resignations, transfers
out of the province), yearly follow-up records with promotions, closed follow-ups — so that
the structure and retention analysis has something to show; two transfers awaiting the city's
approval (one inside the minimum service period); a 乡镇副职 post profile with a shortlist; and
the talent pool (every other of those who finished).

Transfers go through the services (drafted by a county login, approved by `city`), so the
placements, statuses and closures are what the product itself would have made."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.models import OrgUnit, User
from assessments.models import Grade, Outcome
from cadets.demo import MAJORS, SCHOOLS, _unique_name, make_id_number
from cadets.models import Cohort, Trainee
from rotations.models import KeyTask, PostCategory

from . import matching, services
from .models import FollowUp, PostProfile, Transfer

OLD_COHORTS = (2021, 2022, 2023, 2024)
PER_COHORT = 12
RANKS = ["四级主任科员", "三级主任科员", "二级主任科员", "一级主任科员"]
POSTS = ["党政办副主任", "经济发展办公室主任", "乡村振兴办副主任", "副乡长", "综治中心主任"]


def seed(ctx: dict) -> None:
    if not PostProfile.objects.exists():
        _careers(ctx)
    _talent_pool(ctx["city"])


def _careers(ctx: dict) -> None:
    rng = random.Random(2121)
    today = timezone.localdate()
    city: OrgUnit = ctx["city"]
    townships: list[OrgUnit] = ctx["townships"]
    city_user = User.objects.get(username="city")
    county_users = {u.org_unit_id: u for u in User.objects.filter(role="county_staff")}
    used = set(Trainee.objects.values_list("name", flat=True))
    for year in OLD_COHORTS:
        cohort, _ = Cohort.objects.get_or_create(year=year, defaults={"name": f"{year}届选调生"})
        trainees = [_trainee(rng, cohort, townships[(i + year) % len(townships)], used, i)
                    for i in range(PER_COHORT)]  # fmt: skip
        for i, trainee in enumerate(trainees):
            _history(rng, trainee, i, today, county_users, city_user)
    _pending(ctx, today, county_users)
    _profile(city, city_user, today)


def _talent_pool(city: OrgUnit) -> None:
    """The talent pool (优秀选调生人才库, 后备干部): every other trainee of the older cohorts who
    finished the grassroots period, entered some weeks after it ended. Checked on its own, so
    that a city seeded before the pool was part of the demo gets it on the next seed."""
    finished = Trainee.objects.filter(
        county__parent=city, status=Trainee.Status.COMPLETED, cohort__year__in=OLD_COHORTS
    ).order_by("pk")
    if Outcome.objects.filter(kind=Outcome.Kind.TALENT_POOL, trainee__in=finished).exists():
        return
    recorder = User.objects.filter(username="city").first()
    Outcome.objects.bulk_create(
        Outcome(
            trainee=trainee,
            kind=Outcome.Kind.TALENT_POOL,
            pool=Outcome.Pool.EXCELLENT if i % 4 == 0 else Outcome.Pool.RESERVE,
            reason="基层锻炼期满考核优秀，表现突出",
            decided_on=trainee.training_ends_on + dt.timedelta(days=40),
            recorded_by=recorder,
        )
        for i, trainee in enumerate(finished)
        if i % 2 == 0
    )


def _trainee(rng, cohort, township, used, i) -> Trainee:
    female = rng.random() < 0.45
    birth = dt.date(cohort.year - rng.randint(22, 28), rng.randint(1, 12), rng.randint(1, 28))
    party = rng.random() < 0.8
    education = rng.choice(list(Trainee.Education))
    trainee = Trainee(
        name=_unique_name(rng, used),
        sex=Trainee.Sex.FEMALE if female else Trainee.Sex.MALE,
        ethnicity=rng.choice(["汉族"] * 7 + ["回族", "土家族", "苗族"]),
        birth_date=birth,
        native_place=rng.choice(["青山市", "江东省临川市", "北岭省云州市"]),
        id_number=make_id_number(rng, birth, female),
        political_status=(
            Trainee.PoliticalStatus.PARTY_MEMBER if party else Trainee.PoliticalStatus.LEAGUE
        ),
        party_joined_on=dt.date(birth.year + 20, 6, 1) if party else None,
        education=education,
        degree=education,
        school=rng.choice(SCHOOLS),
        major=rng.choice(MAJORS),
        stream=rng.choice(list(Trainee.Stream)[:3]),
        cohort=cohort,
        reported_on=dt.date(cohort.year, 8, 1),
        county=township.parent,
        township=township,
        current_post="党政综合办公室",
        status=Trainee.Status.COMPLETED,
    )
    trainee.full_clean()
    trainee.save()
    KeyTask.objects.create(
        trainee=trainee,
        kind=rng.choice([KeyTask.Kind.VILLAGE_CONTACT, KeyTask.Kind.PROJECT, KeyTask.Kind.GRID]),
        title="驻村开展人居环境整治",
        role=KeyTask.Role.LEAD if i % 3 == 0 else KeyTask.Role.PARTICIPANT,
        starts_on=dt.date(cohort.year + 1, 3, 1),
        ends_on=dt.date(cohort.year + 1, 9, 30),
    )
    return trainee


def _history(rng, trainee: Trainee, i: int, today, county_users, city_user) -> None:
    """A transfer for many (a few leave, some move), a promotion for some, and the follow-up
    years up to last year (one in six has not sent last year's record: a reminder is due)."""
    county_user = county_users.get(trainee.county_id)
    start = trainee.cohort.year + 2
    event = dt.date(rng.randint(start, today.year), rng.choice([3, 6, 9]), 1)
    left_on = None
    if event < today and county_user is not None:
        if _transfer(rng, trainee, i, event, county_user, city_user):
            left_on = event
    promoted_in = trainee.cohort.year + rng.randint(3, 4) if rng.random() < 0.4 else None
    if (
        promoted_in
        and dt.date(promoted_in, 11, 1) < today
        and not (left_on and left_on.year <= promoted_in)
    ):
        Outcome.objects.create(
            trainee=trainee,
            kind=Outcome.Kind.PROMOTION,
            post=rng.choice(POSTS),
            reason="年度考核优秀，实绩突出",
            decided_on=dt.date(promoted_in, 11, 1),
            recorded_by=city_user,
        )
    years = [y for y in services.follow_up_years(trainee) if y < today.year]
    for n, year in enumerate(years):
        if (left_on and year >= left_on.year) or (i % 6 == 5 and year == years[-1]):
            break
        FollowUp.objects.create(
            trainee=trainee,
            year=year,
            unit=trainee.township.name,
            post=rng.choice(POSTS) if year == promoted_in else trainee.current_post or "综合办公室",
            rank=RANKS[min(n, len(RANKS) - 1)],
            annual_grade=rng.choice([Grade.EXCELLENT] + [Grade.COMPETENT] * 3),
            promoted=year == promoted_in,
            promotion="提任副科级领导职务" if year == promoted_in else "",
            notable_work="牵头完成村级集体经济项目" if rng.random() < 0.4 else "",
            recorded_by=county_user,
        )


def _transfer(rng, trainee, i, day, county_user, city_user) -> bool:
    """An accepted transfer of the trainee on `day`; True when they left (follow-up ends)."""
    if i % 6 == 0:
        kind, to_unit, to_body = Transfer.Kind.RESIGNATION, None, ""
    elif i % 12 == 3:
        kind, to_unit, to_body = Transfer.Kind.OUT, None, "江东省某市发展和改革委员会"
    elif i % 4 == 1:
        others = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).exclude(pk=trainee.township_id)
        kind, to_unit, to_body = Transfer.Kind.EXCHANGE, others.order_by("code").first(), ""
    elif i % 4 == 2:
        kind, to_unit, to_body = Transfer.Kind.SECONDMENT_UP, None, "市委组织部干部一科"
    else:
        return False
    transfer = services.transfer_draft(
        actor=county_user,
        transfer=Transfer(
            trainee=trainee,
            kind=kind,
            from_unit=trainee.township,
            to_unit=to_unit,
            to_body=to_body,
            to_post="挂职锻炼" if kind == Transfer.Kind.SECONDMENT_UP else "",
            effective_on=day,
            document_number=f"青组干〔{day.year}〕{rng.randint(10, 99)}号",
            reason="本人申请，因家庭原因" if kind in services.LEAVING_KINDS else "",
        ),
    )
    services.transfer_decide(actor=city_user, transfer=transfer, approve=True, comment="同意")
    return kind in (Transfer.Kind.RESIGNATION, Transfer.Kind.OUT)


def _pending(ctx, today, county_users) -> None:
    """Two transfers awaiting the city: an exchange posting of a 2024 trainee, and a
    transfer out of a 2025 trainee inside the minimum service period (with its reason)."""
    county = ctx["counties"][0]
    county_user = county_users.get(county.pk)
    if county_user is None:
        return
    in_county = Trainee.objects.filter(county=county, status__in=services.MOVABLE_STATUSES)
    target = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP, parent=county).order_by("code")
    for trainee, kind, reason in (
        (in_county.filter(cohort__year=2024).order_by("pk").first(), Transfer.Kind.EXCHANGE,
         "工作需要，到乡村振兴任务较重的乡镇交流任职"),
        (in_county.filter(cohort__year=2025).order_by("-pk").first(), Transfer.Kind.OUT,
         "配偶在外省工作，本人申请调出"),
    ):  # fmt: skip
        if trainee is None:
            continue
        to_unit = target.exclude(pk=trainee.township_id).first()
        services.transfer_draft(
            actor=county_user,
            transfer=Transfer(
                trainee=trainee,
                kind=kind,
                from_unit=trainee.township,
                to_unit=to_unit if kind == Transfer.Kind.EXCHANGE else None,
                to_body="" if kind == Transfer.Kind.EXCHANGE else "外省某县人民政府办公室",
                to_post="党政综合办公室副主任" if kind == Transfer.Kind.EXCHANGE else "",
                effective_on=today + dt.timedelta(days=20),
                document_number="",
                reason=reason,
            ),
        )


def _profile(city, city_user, today) -> None:
    profile = services.profile_save(
        actor=city_user,
        profile=PostProfile(
            name="乡镇副职（乡村振兴方向）",
            description="拟提任乡镇副职，分管乡村振兴、农业农村工作。",
            scope=PostProfile.Scope.ALL,
            task_kinds=[KeyTask.Kind.VILLAGE_CONTACT],
            min_grade=Grade.COMPETENT,
            recent_assessments=1,
            political_statuses=[Trainee.PoliticalStatus.PARTY_MEMBER],
            age_min=24,
            age_max=35,
        ),
        categories=PostCategory.objects.filter(name="乡村振兴"),
        counties=[],
    )
    found = matching.candidates(profile, city_user, today)
    picked = [c for c in found if c.eligible][:3] or found[:3]
    if picked:
        services.shortlist_save(
            actor=city_user, profile=profile, candidates=picked, note="第一轮人选"
        )
