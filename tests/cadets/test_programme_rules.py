"""City staff change the programme rules in the product — training length and probation, the
leave rules and the approval chain — with history; trainees in training follow the new dates.
The 帮带规则 and 培养规则 pages are reached from the navigation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadets.models import LeaveApprovalLevel, LeavePolicy, Programme, Trainee
from cadets.models.trainee import add_months

URL = reverse("cadets:programme_rules")


def form_data(**overrides) -> dict:
    levels = list(LeaveApprovalLevel.ensure_defaults())
    data = {
        "programme-training_months": 24,
        "programme-probation_months": 12,
        "programme-minimum_service_years": 5,
        "leave-extend_training_after_days": 30,
        "levels-TOTAL_FORMS": len(levels) + 1,
        "levels-INITIAL_FORMS": len(levels),
        "levels-MIN_NUM_FORMS": 0,
        "levels-MAX_NUM_FORMS": 1000,
    }
    for i, level in enumerate(levels):
        data[f"levels-{i}-id"] = level.pk
        data[f"levels-{i}-order"] = level.order
        data[f"levels-{i}-role"] = level.role
        data[f"levels-{i}-more_than_days"] = level.more_than_days
    data.update(overrides)
    return data


def test_city_staff_change_the_training_length_and_trainees_in_training_follow(world, client):
    Programme.current()
    Trainee.objects.filter(pk=world.other.pk).update(status=Trainee.Status.RESIGNED)
    other_end = Trainee.objects.get(pk=world.other.pk).training_ends_on
    client.force_login(world.users["city_staff"])
    response = client.post(URL, form_data(**{"programme-training_months": 30}))
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert world.own.training_ends_on == add_months(world.own.reported_on, 30)
    # A trainee whose training has ended keeps the dates they had.
    assert Trainee.objects.get(pk=world.other.pk).training_ends_on == other_end
    change = Programme.history.order_by("-history_date").first()
    assert change.training_months == 30 and change.history_user == world.users["city_staff"]
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "培训期 30 个月" in page and str(world.users["city_staff"]) in page


def test_the_leave_rules_and_approval_steps_are_edited_and_reordered(world, client):
    client.force_login(world.users["city_staff"])
    levels = LeaveApprovalLevel.ensure_defaults()
    # Swap the orders of the two steps and raise the county's limit; add a city step.
    data = form_data(
        **{
            "leave-extend_training_after_days": 45,
            "levels-0-order": 2,
            "levels-1-order": 1,
            "levels-1-more_than_days": 5,
            "levels-2-order": 3,
            "levels-2-role": "city_staff",
            "levels-2-more_than_days": 15,
        }
    )
    response = client.post(URL, data)
    assert response.status_code == 302, response.context["levels"].errors
    assert LeavePolicy.current().extend_training_after_days == 45
    assert LeaveApprovalLevel.chain_for(20) == ["county_staff", "unit_staff", "city_staff"]
    assert LeaveApprovalLevel.objects.get(pk=levels[1].pk).more_than_days == 5


def test_a_probation_longer_than_the_training_is_refused_in_chinese(world, client):
    client.force_login(world.users["city_staff"])
    data = form_data(**{"programme-probation_months": 36})
    response = client.post(URL, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "试用期不能长于" in response.content.decode()
    assert Programme.current().probation_months == 12


@pytest.mark.parametrize(
    ("role", "shown"), [("city_staff", True), ("county_staff", False), ("unit_staff", False)]
)
def test_the_rules_pages_are_in_the_navigation_of_city_staff(world, client, role, shown):
    client.force_login(world.users[role])
    page = client.get(reverse("cadets:trainee_list")).content.decode()
    assert (reverse("cadets:programme_rules") in page) is shown
    assert (reverse("mentors:config") in page) is shown
