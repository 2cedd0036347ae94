"""The mentor's home on PostgreSQL comes from one hand-written query (mentors.selectors.
_home_rows_sql); it must give the same mentor, rules, pairings, record states, type names and
milestones as the ORM's queries (`_home_rows_orm`, what SQLite runs) on varied data."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from cadets.models import PlanMilestone, TrainingPlan
from mentors.models import MentoringConfig, MentorType, MonthlyFeedback, month_start
from mentors.selectors import _home_rows_orm, _home_rows_sql, mentor_home, upcoming_milestones
from tests.factories import MentorFactory, MentorshipFactory, TraineeFactory, UserFactory

from .builders import submitted_feedback

PARTS = {part: "内容" for part in TrainingPlan.PARTS}


def _plan(trainee, version, status="approved", milestones=()):
    approved_at = timezone.now() if status in TrainingPlan.IN_FORCE else None
    plan = TrainingPlan.objects.create(
        trainee=trainee, version=version, status=status, approved_at=approved_at, **PARTS
    )
    for title, due_on, done_on in milestones:
        PlanMilestone.objects.create(plan=plan, title=title, due_on=due_on, done_on=done_on)
    return plan


def _as_dict(home):
    if home is None:
        return None

    def fields(obj):
        return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}

    return {
        "mentor": fields(home.mentor),
        "rules": (home.config.feedback_due_day, home.config.feedback_lock_day),
        "pairings": [
            {
                **fields(p),
                "trainee": (p.trainee.pk, p.trainee.name, p.trainee.current_post),
                "township": None if p.trainee.township is None else fields(p.trainee.township),
                "states": (p.status_now, p.status_before),
                "type": p.type_name,
            }
            for p in home.pairings
        ],
        "milestones": {
            trainee: [(m.pk, m.plan_id, m.due_on, m.title) for m in listed]
            for trainee, listed in home.milestones.items()
        },
    }


@pytest.fixture
def varied(world):
    """The world's mentor with five pairings of every kind, and a mentor with none."""
    today = timezone.localdate()
    month = month_start(today)
    previous = month_start(month - dt.timedelta(days=1))
    mentor = world.mentor
    own = world.own
    own.current_post = "乡村振兴办"
    own.save()
    # own: this month submitted, last month a draft; plans v1 (old, approved) and v2 in force
    # with four open milestones (three listed) and one done.
    pairing = mentor.mentorships.get(trainee=own)
    pairing.starts_on = previous
    pairing.save()
    submitted_feedback(pairing, month=month, talk_on=today)
    submitted_feedback(pairing, month=previous, status=MonthlyFeedback.Status.DRAFT)
    _plan(own, 1, milestones=[("旧版里程碑", today, None)])
    _plan(
        own,
        2,
        status="acknowledged",
        milestones=[(f"第{i}项", today + dt.timedelta(days=i), None) for i in (4, 1, 3, 2)]
        + [("已完成", today, today)],
    )
    _plan(own, 3, status="draft", milestones=[("草稿里的", today, None)])
    # two mentees in another township, one with a type not in the table, no records, and a
    # newest plan in force whose milestones are all done (an older version's are not shown).
    second = TraineeFactory(name="阿明", township=world.township_b)
    MentorshipFactory(trainee=second, mentor=mentor, kind="coach", is_primary=False)
    _plan(second, 1, milestones=[("旧的", today, None)])
    _plan(second, 2, milestones=[("都做完了", today, today)])
    third = TraineeFactory(name="阿明", township=world.township_b)  # the same name: by start
    MentorshipFactory(trainee=third, mentor=mentor, kind="joint", starts_on=dt.date(2025, 9, 1))
    submitted_feedback(third.mentorships.get(), month=previous)
    # a former mentee, and the same trainee again under a current pairing of another kind.
    former = TraineeFactory(name="周周", township=world.township_a)
    MentorshipFactory(
        trainee=former, mentor=mentor, starts_on=dt.date(2025, 8, 1), ends_on=dt.date(2025, 12, 31)
    )
    MentorshipFactory(trainee=former, mentor=mentor, kind="ideological", is_primary=False)
    MentorType.objects.filter(code="ideological").update(name="思想导师（改）")
    lonely = MentorFactory(
        user=UserFactory(username="lonely", role=Role.MENTOR), unit=world.township_a
    )
    return {"month": month, "previous": previous, "lonely": lonely}


def test_the_hand_written_home_matches_the_orm(world, varied, django_assert_num_queries):
    assert connection.vendor == "postgresql"
    MentoringConfig.current()
    month, previous = varied["month"], varied["previous"]
    users = [world.users["mentor"], varied["lonely"].user, world.users["county_staff"]]
    for user in users:
        with django_assert_num_queries(1):
            by_hand = _home_rows_sql(user, month, previous)
        assert _as_dict(by_hand) == _as_dict(_home_rows_orm(user, month, previous)), user
    home = _as_dict(_home_rows_sql(world.users["mentor"], month, previous))
    assert len(home["pairings"]) == 5
    titles = [title for _pk, _plan, _due, title in home["milestones"][world.own.pk]]
    assert titles == ["第1项", "第2项", "第3项"]
    assert _home_rows_sql(world.users["county_staff"], month, previous) is None


def test_without_the_rules_row_both_create_it(world, varied):
    MentoringConfig.objects.all().delete()
    month, previous = varied["month"], varied["previous"]
    by_hand = _home_rows_sql(world.users["mentor"], month, previous)
    assert MentoringConfig.objects.count() == 1
    assert _as_dict(by_hand) == _as_dict(_home_rows_orm(world.users["mentor"], month, previous))


def test_the_page_shows_the_same_rows_either_way(world, varied, monkeypatch):
    import mentors.selectors as selectors

    today = timezone.localdate()
    by_hand = mentor_home(world.users["mentor"], today)
    monkeypatch.setattr(selectors, "_home_rows_sql", selectors._home_rows_orm)
    by_orm = mentor_home(world.users["mentor"], today)

    def shown(context):
        return (
            context["mentor"].pk,
            [
                (
                    r.trainee.pk,
                    str(r.trainee.township),
                    r.kind_label,
                    r.status,
                    r.open_previous,
                    [(m.due_on, m.title) for m in r.milestones],
                )
                for r in context["rows"]
            ],  # fmt: skip
            [p.pk for p in context["former"]],
        )

    assert shown(by_hand) == shown(by_orm)
    labels = [r.kind_label for r in by_hand["rows"]]
    assert "coach" in labels and "思想导师（改）" in labels


def test_only_the_newest_plan_in_force_gives_milestones(world):
    today = timezone.localdate()
    _plan(world.own, 1, milestones=[("旧版里程碑", today, None)])
    _plan(world.own, 2, milestones=[("都做完了", today, today)])
    assert upcoming_milestones([world.own.pk]) == {}
    _plan(world.own, 3, status="submitted", milestones=[("待批准", today, None)])
    assert upcoming_milestones([world.own.pk]) == {}
