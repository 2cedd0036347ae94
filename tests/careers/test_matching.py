"""人岗相适: the eligible trainees are exactly those meeting every stated criterion (hypothesis
over random trainees and profiles), and the sentences say what matches and what is lacking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import OrgUnit, Role
from assessments.models import Assessment, AssessmentCycle, AssessmentTemplate, Grade, Outcome
from cadets.models import Trainee
from careers import matching
from careers.models import PostProfile
from rotations.models import KeyTask, PostCategory
from tests.factories import OrgUnitFactory, TraineeFactory, UserFactory
from tests.rotations.factories import KeyTaskFactory, PostFactory, RotationFactory

CATEGORIES = ["党政综合", "乡村振兴", "经济发展"]
KINDS = [KeyTask.Kind.LAND, KeyTask.Kind.VILLAGE_CONTACT, KeyTask.Kind.GRID]
GRADES = [Grade.EXCELLENT, Grade.COMPETENT, Grade.BASIC, Grade.INCOMPETENT]
MAJORS = ["农业经济管理", "法学", "公共管理"]
CYCLE_ENDS = [dt.date(2024, 12, 31), dt.date(2025, 12, 31), dt.date(2026, 6, 30)]

trainee_st = st.fixed_dictionaries(
    {
        "categories": st.sets(st.sampled_from(CATEGORIES)),
        "kinds": st.sets(st.sampled_from(KINDS)),
        # A grade (or none) in each of the three cycles, oldest first.
        "grades": st.lists(st.one_of(st.none(), st.sampled_from(GRADES)), min_size=3, max_size=3),
        "major": st.sampled_from(MAJORS),
        "education": st.sampled_from(Trainee.Education.values),
        "age": st.integers(22, 38),
        "political": st.sampled_from(
            [Trainee.PoliticalStatus.PARTY_MEMBER, Trainee.PoliticalStatus.LEAGUE]
        ),
        "county_b": st.booleans(),
        "in_pool": st.booleans(),
        "status": st.sampled_from(["training", "completed", "resigned"]),
    }
)
profile_st = st.fixed_dictionaries(
    {
        "scope": st.sampled_from(PostProfile.Scope.values),
        "categories": st.sets(st.sampled_from(CATEGORIES), max_size=2),
        "kinds": st.lists(st.sampled_from(KINDS), unique=True, max_size=2),
        "min_grade": st.sampled_from(["", *GRADES[:3]]),
        "recent": st.integers(1, 3),
        "keywords": st.sampled_from(["", "法学", "管理", "法学,农业"]),
        "educations": st.lists(st.sampled_from(Trainee.Education.values), unique=True, max_size=2),
        "age": st.one_of(
            st.none(),
            st.tuples(st.one_of(st.none(), st.integers(22, 30)), st.integers(28, 38)).filter(
                lambda bounds: bounds[0] is None or bounds[0] <= bounds[1]
            ),
        ),
        "political": st.lists(
            st.sampled_from([Trainee.PoliticalStatus.PARTY_MEMBER]), unique=True, max_size=1
        ),
        "county_a_only": st.booleans(),
    }
)


def _birth_for_age(age: int, today: dt.date) -> dt.date:
    # A birthday 10 days past: the age is `age` whatever the day.
    return (today - dt.timedelta(days=10)).replace(year=today.year - age)


def _expected_failures(t: dict, p: dict) -> list[str]:
    """The criteria `t` fails, judged here independently of careers.matching."""
    failed = []
    if p["categories"] - t["categories"]:
        failed.append("categories")
    if set(p["kinds"]) - t["kinds"]:
        failed.append("kinds")
    if p["min_grade"]:
        recent = [g for g in reversed(t["grades"]) if g][: p["recent"]]
        limit = GRADES.index(p["min_grade"])
        if len(recent) < p["recent"] or any(GRADES.index(g) > limit for g in recent):
            failed.append("grades")
    keywords = [k for k in p["keywords"].split(",") if k]
    if keywords and not any(k in t["major"] for k in keywords):
        failed.append("major")
    if p["educations"] and t["education"] not in p["educations"]:
        failed.append("education")
    if p["age"]:
        low, high = p["age"]
        if (low is not None and t["age"] < low) or t["age"] > high:
            failed.append("age")
    if p["political"] and t["political"] not in p["political"]:
        failed.append("political")
    if p["county_a_only"] and t["county_b"]:
        failed.append("county")
    return failed


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(trainees=st.lists(trainee_st, min_size=1, max_size=5), profile=profile_st)
def test_the_eligible_are_exactly_those_meeting_every_criterion(
    django_db_blocker, trainees, profile
):
    today = timezone.localdate()
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        city = OrgUnitFactory(kind=OrgUnit.Kind.CITY)
        county_a = OrgUnitFactory(kind=OrgUnit.Kind.COUNTY, parent=city)
        county_b = OrgUnitFactory(kind=OrgUnit.Kind.COUNTY, parent=city)
        town_a = OrgUnitFactory(kind=OrgUnit.Kind.TOWNSHIP, parent=county_a)
        town_b = OrgUnitFactory(kind=OrgUnit.Kind.TOWNSHIP, parent=county_b)
        user = UserFactory(role=Role.CITY_STAFF, org_unit=city)
        template = AssessmentTemplate.default()
        cycles = [
            AssessmentCycle.objects.create(
                name=f"考核{end.year}",
                kind=AssessmentCycle.Kind.ANNUAL,
                template=template,
                jurisdiction=city,
                period_start=end.replace(month=1, day=1),
                period_end=end,
                rating_deadline=end,
                excellent_quota=Decimal(20),
            )
            for end in CYCLE_ENDS
        ]
        made = []
        for spec in trainees:
            trainee = TraineeFactory(
                township=town_b if spec["county_b"] else town_a,
                birth_date=_birth_for_age(spec["age"], today),
                major=spec["major"],
                education=spec["education"],
                political_status=spec["political"],
                party_joined_on=dt.date(2020, 1, 1),
                status=spec["status"],
            )
            for n, name in enumerate(sorted(spec["categories"])):
                start = dt.date(2025, 1, 1) + dt.timedelta(days=100 * n)
                post = PostFactory(
                    township=trainee.township, category=PostCategory.objects.get(name=name)
                )
                RotationFactory(trainee=trainee, post=post, starts_on=start)
            for kind in spec["kinds"]:
                KeyTaskFactory(trainee=trainee, kind=kind)
            for cycle, grade in zip(cycles, spec["grades"], strict=True):
                if grade:
                    Assessment.objects.create(
                        cycle=cycle, trainee=trainee, grade=grade, score=Decimal(80),
                        confirmed_at=timezone.now(),
                    )  # fmt: skip
            if spec["in_pool"]:
                Outcome.objects.create(
                    trainee=trainee, kind=Outcome.Kind.TALENT_POOL, pool="excellent",
                    reason="优秀", decided_on=dt.date(2026, 1, 1),
                )  # fmt: skip
            made.append((trainee, spec))
        low_high = profile["age"] or (None, None)
        post_profile = PostProfile.objects.create(
            name="乡镇副职",
            scope=profile["scope"],
            task_kinds=profile["kinds"],
            min_grade=profile["min_grade"],
            recent_assessments=profile["recent"],
            major_keywords=profile["keywords"],
            educations=profile["educations"],
            age_min=low_high[0],
            age_max=low_high[1],
            political_statuses=profile["political"],
            owner_unit=city,
        )
        post_profile.categories.set(PostCategory.objects.filter(name__in=profile["categories"]))
        if profile["county_a_only"]:
            post_profile.counties.set([county_a])

        found = {c.trainee.pk: c for c in matching.candidates(post_profile, user, today)}

        considered = {
            t.pk
            for t, spec in made
            if spec["status"] != "resigned"
            and (profile["scope"] == PostProfile.Scope.ALL or spec["in_pool"])
        }
        assert set(found) == considered
        for trainee, spec in made:
            if trainee.pk not in found:
                continue
            failures = _expected_failures(spec, profile)
            candidate = found[trainee.pk]
            assert candidate.eligible == (not failures), (spec, profile, candidate.lacks)
            assert len(candidate.lacks) == len(failures)
            lacking = " ".join(str(s) for s in candidate.lacks)
            for name in profile["categories"] - spec["categories"]:
                assert name in lacking
            if "county" in failures:
                assert county_a.name in lacking
        ranks = [len(c.lacks) for c in matching.candidates(post_profile, user, today)]
        assert ranks == sorted(ranks), "the eligible first, then those lacking least"
        transaction.set_rollback(True)


def test_the_sentences_say_what_matches_and_what_is_lacking(world):
    today = timezone.localdate()
    trainee = world.own
    trainee.major = "农业经济管理"
    trainee.political_status = Trainee.PoliticalStatus.PARTY_MEMBER
    trainee.party_joined_on = dt.date(2020, 7, 1)
    trainee.birth_date = _birth_for_age(27, today)
    trainee.save()
    post = PostFactory(
        township=world.township_a, category=PostCategory.objects.get(name="乡村振兴")
    )
    RotationFactory(trainee=trainee, post=post, starts_on=dt.date(2025, 9, 1))
    profile = PostProfile.objects.create(
        name="乡镇副职",
        scope=PostProfile.Scope.ALL,
        task_kinds=[KeyTask.Kind.VILLAGE_CONTACT],
        major_keywords="农业",
        age_min=25,
        age_max=35,
        political_statuses=[Trainee.PoliticalStatus.PARTY_MEMBER],
        owner_unit=world.city,
    )
    profile.categories.set(PostCategory.objects.filter(name__in=["乡村振兴", "经济发展"]))
    with translation.override("zh-hans"):
        candidate = next(
            c
            for c in matching.candidates(profile, world.users["city_staff"], today)
            if c.trainee == trainee
        )
        matches = [str(s) for s in candidate.matches]
        lacks = [str(s) for s in candidate.lacks]
    assert matches == [
        "已在以下类别岗位历练：乡村振兴。",
        "专业“农业经济管理”符合“农业”。",
        "年龄27岁，符合25至35岁的要求。",
        "政治面貌：中共党员。",
    ]
    assert lacks == ["尚无以下类别岗位经历：经济发展。", "尚未参加以下急难险重任务：包村驻点。"]
    assert not candidate.eligible
