"""The cycle page on PostgreSQL reads its cycle and its rows through hand-written statements
(assessments.selectors `_cycle_sql`, `_RowsSql`); they must give the same cycle, figures, rows
and annotations as the ORM's queries (`cycle_page_queryset` and the view's queryset, what
SQLite and the users the statements cannot scope run) on varied data, for every role."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accounts.backends import AccountBackend
from accounts.models import OrgUnit, Role
from assessments.models import (
    AssessmentCycle,
    BallotBatch,
    DemocraticTally,
    Grade,
)
from assessments.selectors import (
    cycle_for_page,
    cycle_page_queryset,
    cycle_page_rows,
    with_ballot_figures,
    with_rater_scores,
)
from assessments.selectors import (
    sql_scope as _sql_scope,
)
from assessments.services import cycle_create, rating_submit
from assessments.views import CYCLE_ROW_FIELDS
from tests.factories import OrgUnitFactory, TraineeFactory, UserFactory

from .builders import rate_all

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the hand-written statements are PostgreSQL's"
)


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _cycle(cycle) -> dict | None:
    if cycle is None:
        return None
    return {
        "cycle": _fields(cycle),
        "template": _fields(cycle.template),
        "jurisdiction": _fields(cycle.jurisdiction),
        "figures": [
            cycle.dimension_weights,
            cycle.n_assessed,
            cycle.n_excellent,
            cycle.n_visible,
            cycle.is_own,
        ],
    }


def _row(a) -> dict:
    raters = sorted(
        # With their types: a float equals a Decimal of the same value, but sums otherwise.
        (r["kind"], r["submitted"], sorted((c, type(v), v) for c, v in (r["scores"] or {}).items()))
        for r in a.rater_scores or []
    )
    return {
        "values": {
            name: getattr(a, name)
            for name in ("id", "cycle_id", "trainee_id", "grade", "staff_comment")
            + ("acknowledged_at", "objection", "probation_decision")
        },
        "deferred": a.get_deferred_fields(),
        "trainee": (a.trainee.pk, a.trainee.name, a.trainee.township_id),
        "trainee_deferred": a.trainee.get_deferred_fields(),
        "township": (a.trainee.township.pk, a.trainee.township.name),
        "figures": (a.issued, a.votes, raters, type(a.votes)),
    }


def _orm_rows(user, cycle):
    visible = (
        cycle.assessments.visible_to(user)
        .select_related("trainee__township")
        .only(*CYCLE_ROW_FIELDS)
        .order_by("trainee__name", "pk")
    )
    return with_rater_scores(with_ballot_figures(visible))


def _cycle_of(unit, name, kind, trainees, month=1):
    return cycle_create(
        actor=None,
        name=name,
        kind=kind,
        jurisdiction=unit,
        period_start=dt.date(2026, month, 1),
        period_end=dt.date(2026, month + 5, 28),
        rating_deadline=timezone.localdate() + dt.timedelta(days=5),
        trainees=trainees,
    )


@pytest.fixture
def cycles(aw, world):
    """Cycles under county A, county B and the city; trainees in both counties, in a village,
    with the same name twice; rated, unrated and half-rated; with and without ballots and
    votes; with confirmed grades (one 优秀), a probation decision, an acknowledgement."""
    village_b = OrgUnit.objects.get(name="乙村")
    trainees = [TraineeFactory(township=world.township_a, name=f"学员{i % 4}") for i in range(7)]
    trainees += [TraineeFactory(township=world.township_b, name="学员1") for _ in range(3)]
    trainees += [TraineeFactory(township=world.township_a, village=world.village_a, name="甲")]
    trainees += [TraineeFactory(township=world.township_b, village=village_b, name="乙")]
    mixed = _cycle_of(world.county_a, "混合考核", AssessmentCycle.Kind.SPECIAL, trainees, month=1)
    city_cycle = _cycle_of(
        world.city, "全市转正考核", AssessmentCycle.Kind.PROBATION, trainees[:3] + trainees[8:]
    )
    # Under county A, of a county B trainee only: county A staff own it and see no row.
    foreign = _cycle_of(
        world.county_a, "外县考核", AssessmentCycle.Kind.SPECIAL, trainees[8:9], month=7
    )
    codes = list(mixed.template.dimensions.values_list("code", flat=True))
    for i, assessment in enumerate(mixed.assessments.order_by("pk")):
        if i % 3 == 0:
            rate_all(assessment, score=70 + i)
        elif i % 3 == 1:
            first = assessment.raters.order_by("pk").first()
            if first is not None:  # one rater of several submitted, with a fractional score
                rating_submit(
                    actor=first.rater,
                    assignment=first,
                    scores={code: Decimal("88.5") for code in codes},
                    comment="好",
                )
        if i % 2 == 0:
            BallotBatch.objects.create(
                assessment=assessment, group="colleagues", issued=10 + i, issued_on=dt.date.today()
            )
            BallotBatch.objects.create(
                assessment=assessment, group="villagers", issued=5, issued_on=dt.date.today()
            )
        tallies = DemocraticTally.objects.filter(assessment=assessment)
        if i % 4 == 0:
            tallies.filter(grade=Grade.EXCELLENT).update(votes=i + 1)
            tallies.filter(grade=Grade.BASIC).update(votes=2)
        elif i % 4 == 2:
            tallies.delete()  # no tally at all: votes None
    first, second = city_cycle.assessments.order_by("pk")[:2]
    type(first).objects.filter(pk=first.pk).update(
        grade=Grade.EXCELLENT,
        score=Decimal("91.25"),
        confirmed_at=timezone.now(),
        probation_decision="confirmed",
        acknowledged_at=timezone.now(),
        objection="不同意",
        staff_comment="<b>好</b>",
    )
    type(second).objects.filter(pk=second.pk).update(
        grade=Grade.BASIC, score=Decimal("61"), confirmed_at=timezone.now()
    )
    return [aw["cycle_own"], aw["cycle_other"], mixed, city_cycle, foreign]


def _users(world):
    province = OrgUnitFactory(name="省", kind=OrgUnit.Kind.PROVINCE)
    OrgUnit.objects.filter(pk=world.city.pk).update(parent=province)
    users = dict(world.users)
    users["province_staff"] = UserFactory(
        username="province", role=Role.CITY_STAFF, org_unit=province
    )
    users["village_staff"] = UserFactory(
        username="village", role=Role.UNIT_STAFF, org_unit=world.village_a
    )
    users["unitless_staff"] = UserFactory(username="nounit", role=Role.COUNTY_STAFF)
    users["county_b_staff"] = UserFactory(
        username="countyb", role=Role.COUNTY_STAFF, org_unit=world.county_b
    )
    return {role: user for role, user in users.items() if user is not None}


def test_the_statements_give_what_the_orm_gives(cycles, world):
    stated = set()
    for role, user in _users(world).items():
        user = AccountBackend().get_user(user.pk)  # as a request loads it
        if _sql_scope(user) is not None:
            stated.add(role)
        for cycle in cycles:
            expected = cycle_page_queryset(user).filter(pk=cycle.pk).first()
            got = cycle_for_page(user, cycle.pk)
            assert _cycle(got) == _cycle(expected), (role, cycle.name)
            rows = cycle_page_rows(user, got, CYCLE_ROW_FIELDS)
            orm = _orm_rows(user, expected)
            assert len(rows) == orm.count(), (role, cycle.name)
            for window in (slice(0, 25), slice(0, 2), slice(2, 5), slice(9, 30)):
                assert [_row(a) for a in rows[window]] == [_row(a) for a in orm[window]], (
                    role,
                    cycle.name,
                    window,
                )
        assert cycle_for_page(user, 10**8) is None
    # Each kind of scope the statements state was compared, and the rest fell back.
    assert stated == {
        "superuser",
        "city_staff",
        "county_staff",
        "unit_staff",
        "province_staff",
        "village_staff",
        "county_b_staff",
    }


def test_the_rows_and_figures_are_not_trivial(cycles, world):
    """The comparison above sees votes, ballots, submitted and unsubmitted raters."""
    user = AccountBackend().get_user(world.users["county_staff"].pk)
    rows = list(cycle_page_rows(user, cycle_for_page(user, cycles[2].pk), CYCLE_ROW_FIELDS)[:25])
    assert any(a.votes for a in rows) and any(a.issued for a in rows)
    assert any(r["submitted"] for a in rows for r in a.rater_scores or [])
    assert any(not r["submitted"] for a in rows for r in a.rater_scores or [])
