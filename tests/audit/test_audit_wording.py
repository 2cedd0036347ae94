"""Every user-facing value in Chinese: the audit log's details are labelled values (not
"trainees: 61" or "excellent" under the header 请假事由); the trainee's change log names what
changed instead of showing internal ids; the new-cycle form asks for the cycle's 名称."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from tests.factories import UserFactory


def test_the_audit_log_shows_labelled_chinese_details(world, client):
    client.force_login(world.users["city_staff"])
    client.get(reverse("office:export", args=["trainees"]))
    user = UserFactory(role=Role.UNIT_STAFF, org_unit=world.township_a)
    user.role, user.org_unit = Role.COUNTY_STAFF, world.county_a
    user.save()
    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert export.reason.startswith("选调生花名册")
    role = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_CHANGED)
    assert role.reason == "接收单位（乡镇党委） · 甲镇 → 县委组织部 · 甲县"
    page = client.get(reverse("audit:event_list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    assert "请假事由" not in body and "<th>详情</th>" in body
    assert "导出内容：" in body and "trainees:" not in body and "org_unit_id" not in body


def test_the_trainee_change_log_names_the_account_not_its_id(world, client):
    trainee = world.own
    account = UserFactory(role=Role.TRAINEE, full_name="新账号")
    trainee.user = account
    trainee.county, trainee.township, trainee.village = (
        world.county_b,
        world.township_b,
        None,
    )
    trainee.save()
    client.force_login(world.users["city_staff"])
    body = client.get(
        reverse("cadets:trainee_detail", args=[trainee.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "新账号" in body and "乙县" in body
    assert f"→ {account.pk}<" not in body and f"→ {world.county_b.pk}<" not in body


def test_the_new_cycle_form_asks_for_the_cycles_name_not_a_persons(world, client):
    client.force_login(world.users["city_staff"])
    body = client.get(
        reverse("assessments:cycle_create"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "名称" in body and "姓名" not in body
