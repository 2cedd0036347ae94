"""The training plan's workflow: each step by the right role only, comments kept, versions kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cadets.models import PlanEvent, TrainingPlan
from cadets.plan_diff import DELETE, INSERT, diff_text
from cadets.plan_services import (
    MSG_OPEN_VERSION_EXISTS,
    MSG_RETURN_NEEDS_COMMENT,
    MilestoneData,
    milestone_mark_done,
    plan_acknowledge,
    plan_approve,
    plan_current,
    plan_draft,
    plan_return,
    plan_submit,
    plan_update,
)

PARTS = {
    "goals": "熟悉乡镇工作",
    "duties": "党政办岗位职责",
    "tasks": "每月工作纪实",
    "outcomes": "独立牵头一项工作",
    "standards": "德能勤绩廉",
}


@pytest.fixture
def users(world):
    return world.users


def drafted(world, **extra):
    return plan_draft(
        actor=world.users["unit_staff"],
        trainee=world.own,
        parts=PARTS,
        milestones=[MilestoneData("试用期满考核", dt.date(2026, 8, 1))],
        **extra,
    )


def approved(world):
    plan = plan_submit(actor=world.users["unit_staff"], plan=drafted(world))
    return plan_approve(actor=world.users["county_staff"], plan=plan)


@pytest.mark.parametrize("role", ["mentor", "trainee"])
def test_only_staff_draft_a_plan(world, role):
    with pytest.raises(PermissionDenied):
        plan_draft(actor=world.users[role], trainee=world.own, parts=PARTS)


def test_staff_of_another_county_cannot_draft(world):
    with pytest.raises(PermissionDenied):
        plan_draft(actor=world.users["county_staff"], trainee=world.other, parts=PARTS)


@pytest.mark.parametrize("role", ["unit_staff", "mentor", "trainee"])
def test_only_the_organisation_department_approves_or_returns(world, role):
    plan = plan_submit(actor=world.users["unit_staff"], plan=drafted(world))
    with pytest.raises(PermissionDenied):
        plan_approve(actor=world.users[role], plan=plan)
    with pytest.raises(PermissionDenied):
        plan_return(actor=world.users[role], plan=plan, comment="再改改")


@pytest.mark.parametrize("role", ["superuser", "city_staff", "county_staff", "unit_staff"])
def test_only_the_trainee_acknowledges(world, role):
    plan = approved(world)
    with pytest.raises(PermissionDenied):
        plan_acknowledge(actor=world.users[role], plan=plan)
    plan = plan_acknowledge(actor=world.users["trainee"], plan=plan)
    assert plan.status == TrainingPlan.Status.ACKNOWLEDGED and plan.acknowledged_at


def test_a_draft_cannot_be_approved_before_it_is_submitted(world):
    with pytest.raises(ValidationError):
        plan_approve(actor=world.users["county_staff"], plan=drafted(world))


def test_a_returned_plan_keeps_the_comments_through_resubmission(world, users):
    plan = plan_submit(actor=users["unit_staff"], plan=drafted(world))
    with pytest.raises(ValidationError) as error:
        plan_return(actor=users["county_staff"], plan=plan, comment="  ")
    assert error.value.messages == [str(MSG_RETURN_NEEDS_COMMENT)]
    plan_return(actor=users["county_staff"], plan=plan, comment="考核标准请量化")
    plan = plan_update(actor=users["unit_staff"], plan=plan, parts={**PARTS, "standards": "量化"})
    plan = plan_submit(actor=users["unit_staff"], plan=plan)
    plan = plan_approve(actor=users["county_staff"], plan=plan, comment="同意")
    events = list(plan.events.values_list("action", "comment"))
    assert ("returned", "考核标准请量化") in events
    assert [a for a, _ in events] == ["drafted", "submitted", "returned", "submitted", "approved"]
    assert plan.approved_by == users["county_staff"]


def test_a_new_version_leaves_the_approved_one_intact(world, users):
    first = approved(world)
    plan_acknowledge(actor=users["trainee"], plan=first)
    milestone = first.milestones.get()
    milestone_mark_done(actor=users["unit_staff"], milestone=milestone, done_on=dt.date(2026, 8, 2))
    second = plan_draft(
        actor=users["unit_staff"], trainee=world.own, parts={**PARTS, "goals": "熟悉乡镇全面工作"}
    )
    with pytest.raises(ValidationError) as error:
        plan_draft(actor=users["unit_staff"], trainee=world.own, parts=PARTS)
    assert error.value.messages == [str(MSG_OPEN_VERSION_EXISTS.format(version=2))]
    first.refresh_from_db()
    assert (first.version, first.status, first.goals) == (1, "acknowledged", "熟悉乡镇工作")
    assert plan_current(world.own) == first  # until the new version is approved
    plan_submit(actor=users["unit_staff"], plan=second)
    second = plan_approve(actor=users["city_staff"], plan=second)
    assert plan_current(world.own) == second
    first.refresh_from_db()
    assert first.status == "acknowledged" and first.approved_by == users["county_staff"]
    assert first.milestones.get().done_on == dt.date(2026, 8, 2)


def test_the_diff_marks_removed_and_added_characters():
    segments = diff_text("熟悉乡镇工作", "熟悉乡镇全面工作")
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [(INSERT, "全面")]
    assert any(s.op == DELETE for s in diff_text("甲乙", "甲"))


def test_the_compare_page_shows_what_changed(world, users, login):
    approved(world)
    parts = {**PARTS, "goals": "熟悉乡镇全面工作"}
    second = plan_draft(actor=users["unit_staff"], trainee=world.own, parts=parts)
    plan_submit(actor=users["unit_staff"], plan=second)
    plan_approve(actor=users["county_staff"], plan=second)
    client = login(users["mentor"])
    response = client.get(reverse("cadets:plan_compare", kwargs={"pk": world.own.pk}))
    assert "<ins>全面</ins>" in response.content.decode()


def test_the_pages_walk_the_workflow(world, users, client):
    url = reverse("cadets:plan_edit", kwargs={"pk": world.own.pk})
    client.force_login(users["unit_staff"])
    data = {**PARTS, "change_note": "", "ms-TOTAL_FORMS": "1", "ms-INITIAL_FORMS": "0",
            "ms-0-title": "岗前培训", "ms-0-due_on": "2025-11-01"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    client.post(reverse("cadets:plan_submit", kwargs={"pk": world.own.pk}))
    client.force_login(users["county_staff"])
    review = reverse("cadets:plan_review", kwargs={"pk": world.own.pk})
    response = client.post(review, {"comment": "", "return": "1"})
    assert response.status_code == 200  # returning needs a comment
    assert (
        "Say what should change" in response.content.decode() or "退回" in response.content.decode()
    )
    client.post(review, {"comment": "", "approve": "1"})
    client.force_login(users["trainee"])
    client.post(reverse("cadets:plan_acknowledge", kwargs={"pk": world.own.pk}))
    plan = TrainingPlan.objects.get()
    assert plan.status == "acknowledged"
    assert plan.milestones.get().title == "岗前培训"
    assert PlanEvent.objects.filter(plan=plan).count() == 4
    response = client.get(reverse("cadets:plan_print", kwargs={"pk": world.own.pk}))
    assert "岗前培训" in response.content.decode() and "<script>" not in response.content.decode()
