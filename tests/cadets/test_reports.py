"""工作纪实 / 月报 / 季报: submitted by the trainee, commented on, missing ones listed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cadets import leave_services as services
from cadets.leave_services import MSG_REPORT_DUPLICATE, MSG_REPORT_FUTURE, MSG_REPORT_NOT_OWN
from cadets.models import ReportPolicy, WorkReport, period_start

TODAY = dt.date(2026, 11, 26)


def submit(world, trainee=None, kind="monthly", period=dt.date(2026, 10, 15)):
    return services.report_submit(
        actor=world.users["trainee"],
        trainee=trainee or world.own,
        kind=kind,
        period=period,
        title="十月月报",
        content="参与了秋收和人居环境整治。",
        today=TODAY,
    )


def test_a_monthly_report_is_filed_for_its_month(world):
    report = submit(world)
    assert report.period == dt.date(2026, 10, 1)


def test_a_report_for_another_trainee_is_refused(world):
    with pytest.raises(ValidationError) as error:
        submit(world, trainee=world.other)
    assert error.value.messages == [str(MSG_REPORT_NOT_OWN)]
    assert not WorkReport.objects.exists()


def test_one_report_per_period(world):
    submit(world)
    with pytest.raises(ValidationError) as error:
        submit(world, period=dt.date(2026, 10, 30))
    assert error.value.message_dict["period"] == [str(MSG_REPORT_DUPLICATE)]


def test_a_report_for_a_future_period_is_refused(world):
    with pytest.raises(ValidationError) as error:
        submit(world, period=dt.date(2026, 12, 1))
    assert error.value.message_dict["period"] == [str(MSG_REPORT_FUTURE)]


def test_quarters_begin_in_january_april_july_and_october():
    assert period_start("quarterly", dt.date(2026, 11, 26)) == dt.date(2026, 10, 1)
    assert ReportPolicy(cadence="quarterly").last_period(TODAY) == dt.date(2026, 7, 1)
    assert ReportPolicy(cadence="monthly").last_period(TODAY) == dt.date(2026, 10, 1)


def test_the_mentor_and_the_unit_comment(world, login):
    report = submit(world)
    for role in ("mentor", "unit_staff"):
        response = login(world.users[role]).post(
            reverse("cadets:report_comment", args=[report.pk]), {"body": f"{role} 已阅"}
        )
        assert response.status_code == 302
    assert report.comments.count() == 2


def test_staff_see_who_has_not_reported_for_the_last_period(world, login):
    from django.utils import timezone

    last = ReportPolicy.current().last_period(timezone.localdate())
    WorkReport.objects.create(
        trainee=world.own,
        kind="monthly",
        period=last,
        title="月报",
        content="…",
        author=world.users["trainee"],
    )
    page = login(world.users["city_staff"]).get(reverse("cadets:report_missing"))
    names = [t.name for t in page.context["missing"]]
    assert names == ["他人"]
