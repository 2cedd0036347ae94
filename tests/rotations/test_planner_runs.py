"""The planner in the product: the adapter, runs, pins, accept (all or nothing), discard and who
may do it. Instances are one township, a year's horizon and a few seconds of solver time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from audit.models import AuditEvent
from rotations import planner_runs
from rotations.models import PlannerRun, Rotation, RotationRules
from rotations.planner.problem import month_index
from rotations.planner.validate import check_proposal
from rotations.selectors import coverage_of, rule_set
from rotations.services import RotationProposal, rotation_assign_batch
from tests.factories import TraineeFactory

from .factories import PostFactory, RotationFactory, category

D = dt.date
HORIZON = D(2025, 8, 1)
REQUIRED = ["党政综合", "乡村振兴"]


@pytest.fixture(autouse=True)
def fast(settings):
    settings.PLANNER_TIME_LIMIT_S = 5
    settings.PLANNER_WORKERS = 1


@pytest.fixture
def township(world):
    """甲镇 with three posts and two required categories (no village posting)."""
    rules = RotationRules.current()
    rules.required_categories.set([category(name) for name in REQUIRED])
    rules.min_months_per_post, rules.max_months_per_post = 3, 6
    rules.save()
    t = world.township_a
    posts = {
        "office": PostFactory(township=t, category=category("党政综合"), capacity=1),
        "rural": PostFactory(township=t, category=category("乡村振兴"), capacity=1),
        "economy": PostFactory(township=t, category=category("经济发展"), capacity=2),
    }
    trainees = [TraineeFactory(township=t, reported_on=HORIZON) for _ in range(2)]
    world.extra.update(posts=posts, trainees=trainees)
    return world


def start(world, user=None, trainees=None, months=12, pins=()):
    user = user or world.users["unit_staff"]
    return planner_runs.run_start(
        actor=user,
        trainees=trainees or world.extra["trainees"],
        horizon_start=HORIZON,
        horizon_months=months,
        scope_label="甲镇",
        pins=pins,
    )


def solved(world, **kwargs) -> PlannerRun:
    run = start(world, **kwargs)
    planner_runs.run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def test_the_adapter_builds_a_problem_whose_proposals_the_rotation_service_accepts(township):
    world = township
    trainees = world.extra["trainees"]
    built = planner_runs.build_input(trainees, HORIZON, 12)
    assert {p.category for p in built.problem.posts} == {"党政综合", "乡村振兴", "经济发展"}
    assert all(not t.village_required for t in built.problem.trainees)

    run = solved(world)
    assert run.status in ("optimal", "feasible")
    assert run.progress == 100 and run.wall_time_s is not None
    assert run.proposals
    staff = world.users["unit_staff"]
    created = planner_runs.run_accept(actor=staff, run=run)
    assert len(created) == len(run.proposals)
    run.refresh_from_db()
    assert run.status == PlannerRun.Status.ACCEPTED and run.accepted_by == staff
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PLANNER_ACCEPTED, subject_id=str(run.pk)
    ).exists()
    rules = rule_set()
    for trainee in trainees:
        rotations = list(trainee.rotations.select_related("post__category"))
        # Every month of the horizon held, each rotation whole months inside the rules.
        assert rotations[0].starts_on == HORIZON
        assert rotations[-1].ends_on == D(2026, 7, 31)
        coverage = coverage_of(trainee, rotations, rules, today=D(2025, 7, 1))
        assert not coverage.missing


def test_recorded_and_pinned_rotations_are_kept_as_they_are(township):
    world = township
    first, second = world.extra["trainees"]
    posts = world.extra["posts"]
    # A recorded rotation that ends mid-month: its month counts as held.
    RotationFactory(trainee=first, post=posts["office"], starts_on=HORIZON, ends_on=D(2025, 11, 15))
    built = planner_runs.build_input([first, second], HORIZON, 12)
    assert [(f.post_id, f.start_month, f.end_month) for f in built.problem.fixed] == [
        (posts["office"].pk, 0, 4)
    ]
    run = solved(world)
    assert run.status in ("optimal", "feasible")
    mine = [p for p in run.proposals if p["trainee"] == first.pk]
    assert min(p["start"] for p in mine) == 4
    assert all(p["post"] != posts["office"].pk for p in mine)

    staff = world.users["unit_staff"]
    pin = next(p for p in run.proposals if p["trainee"] == second.pk)
    assert planner_runs.run_toggle_pin(actor=staff, run=run, key=planner_runs.proposal_key(pin))
    planner_runs.run_rerun(actor=staff, run=run)
    planner_runs.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status in ("optimal", "feasible")
    assert {**pin, "pinned": True} in run.proposals
    assert run.pins == [{**pin, "pinned": True}]


def test_a_leave_extension_lengthens_the_planned_period(township):
    world = township
    trainee = world.extra["trainees"][0]
    rules = RotationRules.current()
    rules.max_months_per_post = 12  # three posts must fill 26 months
    rules.save()
    trainee.extension_days = 61  # the training now ends on 2027-10-01 instead of 2027-08-01
    trainee.save()
    trainee.refresh_from_db()
    assert trainee.training_ends_on == D(2027, 10, 1)
    built = planner_runs.build_input([trainee], HORIZON, 30)
    (planned,) = built.problem.trainees
    assert (planned.start_month, planned.end_month) == (0, 26)

    run = solved(world, trainees=[trainee], months=30)
    assert run.status in ("optimal", "feasible"), run.explanation
    assert max(p["end"] for p in run.proposals) == 26
    batch = planner_runs.to_batch(
        run.proposals,
        HORIZON,
        {trainee.pk: trainee},
        {p.pk: p for p in world.extra["posts"].values()},
    )
    assert max(b.ends_on for b in batch) == D(2027, 9, 30)


def test_the_planner_counts_seats_taken_by_trainees_outside_the_run(township):
    world = township
    trainee = world.extra["trainees"][0]
    posts = world.extra["posts"]
    outsider = TraineeFactory(township=world.township_a, reported_on=D(2024, 8, 1))
    RotationFactory(trainee=outsider, post=posts["office"], starts_on=D(2024, 8, 1), ends_on=None)
    built = planner_runs.build_input([trainee], HORIZON, 12)
    assert built.problem.occupied
    run = solved(world, trainees=[trainee])
    # The only 党政综合 post is full for the whole horizon: no plan, and it says why.
    assert run.status == PlannerRun.Status.INFEASIBLE
    assert run.proposals == []
    assert run.explanation and any("党政综合" in s for s in run.explanation)


def test_accept_is_all_or_nothing(township):
    world = township
    run = solved(world)
    staff = world.users["unit_staff"]
    # After the run, someone records a rotation that clashes with one of its proposals.
    clash = run.proposals[-1]
    trainee = next(t for t in world.extra["trainees"] if t.pk == clash["trainee"])
    (proposal,) = planner_runs.to_batch(
        [clash], HORIZON, {trainee.pk: trainee}, {clash["post"]: world.extra["posts"]["economy"]}
    )
    rotation_assign_batch(
        actor=staff,
        proposals=[
            RotationProposal(
                trainee, world.extra["posts"]["economy"], proposal.starts_on, proposal.ends_on
            )
        ],
    )
    before = Rotation.objects.count()
    with pytest.raises(ValidationError) as refused:
        planner_runs.run_accept(actor=staff, run=run)
    assert refused.value.messages
    assert Rotation.objects.count() == before
    run.refresh_from_db()
    assert run.status in PlannerRun.REVIEWABLE and run.accepted_by is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PLANNER_ACCEPTED).exists()


def test_discard_leaves_the_database_unchanged(township):
    world = township
    run = solved(world)
    counts = (Rotation.objects.count(), Rotation.history.count())
    planner_runs.run_discard(actor=world.users["unit_staff"], run=run)
    run.refresh_from_db()
    assert run.status == PlannerRun.Status.DISCARDED
    assert run.proposals == [] and run.pins == [] and run.explanation == []
    assert (Rotation.objects.count(), Rotation.history.count()) == counts
    with pytest.raises(ValidationError):
        planner_runs.run_accept(actor=world.users["unit_staff"], run=run)
    # A queued task that arrives after the discard finds nothing to do.
    assert planner_runs.run_execute(run_id=run.pk) is None


def test_only_staff_whose_scope_covers_every_trainee_may_run_or_accept(township):
    world = township
    mixed = [*world.extra["trainees"], world.other]
    for role in ("county_staff", "unit_staff", "mentor", "trainee"):
        with pytest.raises(PermissionDenied):
            start(world, user=world.users[role], trainees=mixed)
    run = start(world, user=world.users["city_staff"], trainees=mixed)
    planner_runs.run_execute(run_id=run.pk)
    run.refresh_from_db()

    request = RequestFactory().get("/")
    for role in ("county_staff", "unit_staff", "mentor", "trainee"):
        request.user = world.users[role]
        with pytest.raises(Http404):
            planner_runs.get_run_for_user(request, run.pk)
        with pytest.raises(PermissionDenied):
            planner_runs.run_accept(actor=world.users[role], run=run)
        with pytest.raises(PermissionDenied):
            planner_runs.run_discard(actor=world.users[role], run=run)
    request.user = world.users["city_staff"]
    assert planner_runs.get_run_for_user(request, run.pk) == run
    # Inside their scope, a mentor still may not plan.
    with pytest.raises(PermissionDenied):
        start(world, user=world.users["mentor"], trainees=[world.own])


def test_the_planner_input_of_a_run_passes_the_independent_validator(township):
    from rotations.planner.problem import PlannerResult, ProposedRotation

    world = township
    run = solved(world)
    built = planner_runs.build_input(world.extra["trainees"], HORIZON, 12)
    result = PlannerResult(
        status="feasible",
        proposals=[
            ProposedRotation(p["trainee"], p["post"], p["start"], p["end"]) for p in run.proposals
        ],
        objective=0,
        best_bound=0,
        gap=0,
        wall_time_s=0,
    )
    assert check_proposal(built.problem, result) == []
    assert month_index(D(2026, 7, 31), HORIZON) == 11
