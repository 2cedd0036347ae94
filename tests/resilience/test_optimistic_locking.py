"""Two staff editing one record at once: the first save wins, the second is refused with a
clear Chinese message and its text kept in the form — for every record two staff can edit
(cadets/locking.py). Each test opens the form in two sessions, then saves both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from assessments.models import AssessmentTemplate
from cadets.locking import MSG_STALE_EDIT
from cadets.models import TrainingPlan
from cadets.plan_services import MilestoneData, plan_draft
from mentors.models import Mentor
from rotations.models import Post, PostCategory, RotationRules
from tests.factories import UserFactory

STALE_ZH = "其他人在您编辑期间保存了这条记录"


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _data(*forms) -> dict:
    """What a browser would post for `forms` as they were rendered (bound values)."""
    data: dict = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = str(value)
    return data


def _open(client, url, *extra) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    forms = [context["form"], *(context[name] for name in extra)]
    data = {}
    for form in forms:
        if hasattr(form, "management_form"):  # a formset: its management form and forms
            data |= _data(form.management_form, *form.forms)
        else:
            data |= _data(form)
    return data


def _edit_twice(url, first, second, field, *extra, text_a="甲的修改", text_b="乙的修改"):
    """Open `url` in both sessions, save `field` from the first, then from the second."""
    data_a, data_b = _open(first, url, *extra), _open(second, url, *extra)
    assert data_a.get("lock_version") is not None
    assert first.post(url, {**data_a, field: text_a}).status_code == 302
    refused = second.post(url, {**data_b, field: text_b})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert STALE_ZH in html and str(MSG_STALE_EDIT)[:10] in html
    assert text_b in html  # the second user's text is kept in the form
    return refused


@pytest.fixture
def city_pair(world):
    other = UserFactory(username="city2", role=Role.CITY_STAFF, org_unit=world.city)
    return _session(world.users["city_staff"]), _session(other)


def test_a_training_plan_edited_in_two_sessions_keeps_the_first_save(world, city_pair):
    plan = plan_draft(actor=world.users["city_staff"], trainee=world.own,
                      parts={part: "原文" for part in TrainingPlan.PARTS})  # fmt: skip
    part = TrainingPlan.PARTS[0]
    url = reverse("cadets:plan_edit", args=[world.own.pk])
    _edit_twice(url, *city_pair, part, "formset")
    plan.refresh_from_db()
    assert getattr(plan, part) == "甲的修改"


def test_milestones_edited_in_two_sessions_keep_the_first_save(world, city_pair):
    milestone = MilestoneData(title="原里程碑", due_on=dt.date(2027, 3, 1))
    plan = plan_draft(actor=world.users["city_staff"], trainee=world.own,
                      parts={part: "原文" for part in TrainingPlan.PARTS},
                      milestones=[milestone])  # fmt: skip
    url = reverse("cadets:plan_edit", args=[world.own.pk])
    _edit_twice(url, *city_pair, "ms-0-title", "formset", text_a="甲的里程碑", text_b="乙的里程碑")
    assert [m.title for m in plan.milestones.all()] == ["甲的里程碑"]


def test_a_second_save_after_the_refusal_is_a_deliberate_overwrite(world, city_pair):
    plan = plan_draft(actor=world.users["city_staff"], trainee=world.own,
                      parts={part: "原文" for part in TrainingPlan.PARTS})  # fmt: skip
    part = TrainingPlan.PARTS[0]
    url = reverse("cadets:plan_edit", args=[world.own.pk])
    refused = _edit_twice(url, *city_pair, part, "formset")
    data = _data(refused.context["form"]) | _data(
        refused.context["formset"].management_form, *refused.context["formset"].forms
    )
    assert city_pair[1].post(url, data).status_code == 302
    plan.refresh_from_db()
    assert getattr(plan, part) == "乙的修改"


def test_a_post_edited_in_two_sessions_keeps_the_first_save(world, city_pair):
    category = PostCategory.objects.create(name="综合")
    post = Post.objects.create(name="党政办", category=category, township=world.township_a)
    url = reverse("rotations:post_update", args=[post.pk])
    _edit_twice(url, *city_pair, "description")
    post.refresh_from_db()
    assert post.description == "甲的修改"


def test_the_rotation_rules_edited_in_two_sessions_keep_the_first_save(world, city_pair):
    RotationRules.current()
    url = reverse("rotations:rules")
    _edit_twice(url, *city_pair, "min_months_per_post", text_a="4", text_b="5")
    assert RotationRules.current().min_months_per_post == 4


def test_an_assessment_template_edited_in_two_sessions_keeps_the_first_save(world, city_pair):
    template = AssessmentTemplate.default()
    url = reverse("assessments:template_edit", args=[template.pk])
    _edit_twice(url, *city_pair, "name", text_a="甲的模板", text_b="乙的模板")
    template.refresh_from_db()
    assert template.name == "甲的模板"


def test_a_mentor_edited_in_two_sessions_keeps_the_first_save(world, city_pair):
    mentor: Mentor = world.mentor
    url = reverse("mentors:mentor_update", args=[mentor.pk])
    _edit_twice(url, *city_pair, "expertise")
    mentor.refresh_from_db()
    assert mentor.expertise == "甲的修改"
