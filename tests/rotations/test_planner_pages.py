"""The planner's pages: the start page's run list, the progress partial, the review page for a
plan and for an impossible one, and accept / discard through the browser's forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rotations.models import PlannerRun, Rotation
from rotations.planner_runs import proposal_key

from .access import post_of


def make_run(world, **fields) -> PlannerRun:
    trainee = world.own
    proposal = {
        "trainee": trainee.pk,
        "post": post_of(world, "own").pk,
        "start": 0,
        "end": 3,
        "pinned": False,
    }
    values = {
        "started_by": world.users["unit_staff"],
        "scope_label": "甲镇",
        "trainee_ids": [trainee.pk],
        "horizon_start": trainee.reported_on.replace(day=1),
        "horizon_months": 3,
        "status": PlannerRun.Status.OPTIMAL,
        "progress": 100,
        "wall_time_s": 0.4,
        "objective": 3,
        "best_bound": 3,
        "gap": 0,
        "proposals": [proposal],
    }
    return PlannerRun.objects.create(**{**values, **fields})


@pytest.mark.parametrize("runs", [1, 6])
def test_the_start_page_makes_the_same_queries_for_one_or_many_runs(
    world, login, django_assert_num_queries, runs
):
    for _ in range(runs):
        make_run(world)
    client = login(world.users["unit_staff"])
    # the user with their unit and the bell's count (accounts.backends), cohorts,
    # counties and townships of the form, trainees of the form, the runs
    with django_assert_num_queries(6):
        response = client.get(reverse("rotations:planner"))
    assert response.content.decode().count('href="/rotations/planner/') >= runs


def test_the_progress_partial_polls_while_running_and_reloads_the_page_when_done(world, login):
    run = make_run(world, status=PlannerRun.Status.RUNNING, progress=40, proposals=[])
    client = login(world.users["unit_staff"])
    url = reverse("rotations:planner_progress", args=[run.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body and "width: 40%" in body
    assert "HX-Refresh" not in response
    PlannerRun.objects.filter(pk=run.pk).update(status=PlannerRun.Status.OPTIMAL, progress=100)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


def test_the_review_page_draws_the_proposal_and_its_coverage(world, login):
    run = make_run(world)
    client = login(world.users["unit_staff"])
    body = client.get(reverse("rotations:planner_run", args=[run.pk])).content.decode()
    assert 'data-testid="proposed-bar"' in body
    assert 'data-testid="planner-changes"' in body
    assert proposal_key(run.proposals[0]) in body


def test_an_impossible_plan_says_why(world, login):
    run = make_run(
        world,
        status=PlannerRun.Status.INFEASIBLE,
        proposals=[],
        explanation=["甲镇的乡村振兴岗位每月最多容纳 1 名选调生；有 2 名须在 2026-07 之前轮岗。"],
    )
    client = login(world.users["unit_staff"])
    body = client.get(reverse("rotations:planner_run", args=[run.pk])).content.decode()
    assert 'data-testid="planner-explanation"' in body and "有 2 名须在" in body
    assert 'data-testid="accept"' not in body


def test_pin_then_accept_through_the_pages_creates_the_rotations(world, login):
    run = make_run(world)
    client = login(world.users["unit_staff"])
    key = proposal_key(run.proposals[0])
    client.post(reverse("rotations:planner_pin", args=[run.pk]), {"key": key})
    run.refresh_from_db()
    assert run.pins and run.proposals[0]["pinned"]
    response = client.post(reverse("rotations:planner_accept", args=[run.pk]))
    assert response.status_code == 302
    assert Rotation.objects.filter(trainee=world.own).count() == 1
    run.refresh_from_db()
    assert run.status == PlannerRun.Status.ACCEPTED


def test_a_refused_accept_shows_the_rules_messages_and_creates_nothing(world, login):
    run = make_run(world)
    post = post_of(world, "own")
    post.is_active = False
    post.save()
    client = login(world.users["unit_staff"])
    response = client.post(reverse("rotations:planner_accept", args=[run.pk]))
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not Rotation.objects.exists()


def test_discard_through_the_page(world, login):
    run = make_run(world)
    client = login(world.users["unit_staff"])
    response = client.post(reverse("rotations:planner_discard", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == PlannerRun.Status.DISCARDED and run.proposals == []
    assert not Rotation.objects.exists()
