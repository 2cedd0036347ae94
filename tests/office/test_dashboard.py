"""The dashboard: its figures equal counts made independently here, and its query count does
not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from assessments.models import Assessment, Grade
from cadets.models import Cohort, LeaveRequest, Trainee
from mentors.models import Mentorship, MonthlyFeedback
from office.summaries import dashboard_refresh, last_months
from rotations.models import PostCategory, RotationRules
from tests.assessments.builders import assessment_world
from tests.factories import CohortFactory, MentorFactory, MentorshipFactory, TraineeFactory
from tests.rotations.factories import PostFactory, RotationFactory


def _add_rows(world, n: int) -> None:
    """n more trainees of each kind the dashboard counts, spread over both counties."""
    today = timezone.localdate()
    cohort = CohortFactory(year=2024)
    required = list(RotationRules.current().required_categories.order_by("pk"))
    for i in range(n):
        township = world.township_a if i % 2 else world.township_b
        trainee = TraineeFactory(
            township=township,
            cohort=cohort if i % 3 == 0 else Cohort.objects.get(year=2025),
            reported_on=dt.date(2024, 8, 1),
            status=Trainee.Status.COMPLETED if i % 5 == 4 else Trainee.Status.TRAINING,
        )
        category = required[i % len(required)]
        post = PostFactory(township=township, category=category,
                           village=world.village_a if category.is_village else None)  # fmt: skip
        if category.is_village and township != world.township_a:
            post = PostFactory(township=township, category=required[0])
        RotationFactory(trainee=trainee, post=post, starts_on=dt.date(2024, 9, 1),
                        ends_on=today + dt.timedelta(days=30))  # fmt: skip
        mentor = MentorFactory(unit=township)
        pairing = MentorshipFactory(trainee=trainee, mentor=mentor, starts_on=dt.date(2024, 8, 1))
        for month in last_months(today)[:-2][: 1 + i % 3]:
            MonthlyFeedback.objects.create(
                mentorship=pairing, month=month, status=MonthlyFeedback.Status.SUBMITTED,
                author=mentor.user, needs_attention=i % 4 == 0,
                attention_reason="情绪低落" if i % 4 == 0 else "",
            )  # fmt: skip
        if i % 2:
            LeaveRequest.objects.create(
                trainee=trainee, kind=LeaveRequest.Kind.PERSONAL, reason="家中有事",
                starts_on=today - dt.timedelta(days=1), ends_on=today,
                status=LeaveRequest.Status.APPROVED, approval_chain=[Role.UNIT_STAFF],
                created_by=world.users["unit_staff"],
            )  # fmt: skip
        # Probation ends within 14 days: an item the reminder providers yield.
        soon = TraineeFactory(township=township, reported_on=today.replace(year=today.year - 1)
                              + dt.timedelta(days=3 + i % 10))  # fmt: skip
        del soon


@pytest.fixture
def rows(world):
    def _rows(n: int):
        _add_rows(world, n)
        data = assessment_world(world)
        Assessment.objects.filter(pk=data["own"].pk).update(
            grade=Grade.EXCELLENT, score=92, confirmed_at=timezone.now()
        )
        dashboard_refresh()  # what the beat's task does (office.tasks.refresh_dashboard)
        return world

    return _rows


def _context(client):
    response = client.get(reverse("office:dashboard"))
    assert response.status_code == 200
    context = {key: response.context[key] for key in response.context.keys()}
    # What is due comes in a request of its own, which the page makes once it is shown.
    due = client.get(reverse("office:dashboard_due"), headers={"HX-Request": "true"})
    assert due.status_code == 200
    assert 'data-hx-swap-oob="true"' in due.content.decode()
    context["due"] = due.context["due"]
    return context


def test_the_figures_equal_independent_counts(world, login, rows):
    rows(6)
    today = timezone.localdate()
    context = _context(login(world.users["city_staff"]))

    assert context["total"] == Trainee.objects.count()
    by_area = {bar.label: (bar.value, bar.extra["training"]) for bar in context["by_area"]}
    for county in (world.county_a, world.county_b):
        trainees = Trainee.objects.filter(county=county)
        assert by_area[county.name] == (
            trainees.count(),
            trainees.filter(status=Trainee.Status.TRAINING).count(),
        )
    by_status = {bar.url.split("=")[-1]: bar.value for bar in context["by_status"]}
    for status in Trainee.Status.values:
        assert by_status[status] == Trainee.objects.filter(status=status).count()
    by_cohort = {bar.label: bar.value for bar in context["by_cohort"]}
    for cohort in Cohort.objects.all():
        assert by_cohort[cohort.name] == cohort.trainees.count()

    training = Trainee.objects.filter(status=Trainee.Status.TRAINING)
    assert context["coverage"]["trainees"] == training.count()
    for bar in context["coverage"]["categories"]:
        category = PostCategory.objects.get(name=bar.label)
        started = (
            training.filter(rotations__post__category=category, rotations__starts_on__lte=today)
            .distinct()
            .count()
        )
        assert bar.extra["started"] == started, bar.label

    months = last_months(today)
    heat = {row.label: row.cells for row in context["feedback"].by_township}
    for township in (world.township_a, world.township_b):
        for i, month in enumerate(months[:-1]):  # past months are all due (day 25 has passed)
            if i == len(months) - 2 and today.day <= 25:
                continue
            submitted = MonthlyFeedback.objects.filter(
                mentorship__trainee__township=township, month=month, status="submitted"
            ).count()
            paired = sum(
                m.covers_month(month) for m in Mentorship.objects.filter(trainee__township=township)
            )
            assert (heat[township.name][i]["done"], heat[township.name][i]["expected"]) == (
                submitted,
                paired,
            ), (township.name, month)
    flagged = MonthlyFeedback.objects.filter(needs_attention=True, month__gte=months[0])
    assert context["feedback"].flagged_count == flagged.count()

    grades = {row["cycle"].name: row for row in context["grades"]["rows"]}
    own_cycle = assessment_world(world)["cycle_own"]
    assert grades[own_cycle.name]["grades"][0] == 1 and grades[own_cycle.name]["allowed"] == 1

    away = LeaveRequest.objects.filter(status="approved", starts_on__lte=today)
    assert context["leave"]["away_count"] == away.count() == 3

    probation_soon = Trainee.objects.filter(
        status="training", probation_ends_on__range=(today, today + dt.timedelta(days=14))
    )
    due_kinds = [item.kind for item in context["due"]["due"]]
    assert due_kinds.count("cadets.probation_ending") == probation_soon.count() == 6


def test_receiving_unit_staff_see_their_township_only(world, login, rows):
    rows(4)
    context = _context(login(world.users["unit_staff"]))
    assert context["total"] == Trainee.objects.filter(township=world.township_a).count()
    assert context["area_field"] == "village"
    assert {row.label for row in context["feedback"].by_township} == {world.township_a.name}
    assert all(item.unit == world.township_a for item in context["due"]["due"])
    county = _context(login(world.users["county_staff"]))
    assert {bar.label for bar in county["by_area"]} == {world.township_a.name}


# Queries of the dashboard for city staff, whatever the number of rows: the user with their
# unit, unread count and counties (1, accounts.backends); the last refresh of the summaries (1);
# the summary rows of the townships in scope — trainees by area × cohort × status (1), the
# townships' coverage and flagged counts (1), the heat maps by mentor (1, and 1 for which of
# those mentors' pages are in scope) and by township (1), the latest cycles' grades (1); live:
# the first flagged records (1), who is on leave (1) and leave counted by status (1); last
# month's attendance by county and township (1, attendance.selectors.rates_by_area).
DASHBOARD_QUERIES = 12
# Its due and overdue part, read from the summary rows (office.due_list), whatever the number
# of rows: the user (1), the last refresh (1), both lists counted (1), the first entries of
# both (1, a union); then the check that those are still due — the reminder settings (1), the
# rules the providers among them read (here 3: attendance, mentoring, support; the careers
# rules too when a follow-up record is among them) and their rows, by id, in one union (1).
DUE_QUERIES = 9


@pytest.mark.parametrize("n", [1, 8])
def test_the_query_count_does_not_grow_with_the_data(
    n, world, login, rows, django_assert_num_queries
):
    rows(n)
    client = login(world.users["city_staff"])
    client.get(reverse("office:dashboard"))  # warm: the settings rows exist from here on
    client.get(reverse("office:dashboard_due"))
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(reverse("office:dashboard"))
    with django_assert_num_queries(DUE_QUERIES):
        client.get(reverse("office:dashboard_due"))


def test_the_page_asks_for_what_is_due_once_shown(world, login):
    client = login(world.users["city_staff"])
    page = client.get(reverse("office:dashboard")).content.decode()
    assert f'data-hx-get="{reverse("office:dashboard_due")}"' in page
    assert 'data-testid="due-count">…<' in page
    # Without htmx the same address is a page of its own.
    due = client.get(reverse("office:dashboard_due"))
    assert due.status_code == 200 and 'data-testid="due"' in due.content.decode()


def test_mentors_and_trainees_have_no_dashboard(world, login):
    for role in (Role.MENTOR, Role.TRAINEE):
        client = login(world.users[role])
        assert client.get(reverse("office:dashboard")).status_code == 403
        assert client.get(reverse("office:dashboard_due")).status_code == 403


def test_the_page_shows_the_counts_as_of_their_last_refresh(world, login, rows):
    rows(2)
    client = login(world.users["city_staff"])
    before = client.get(reverse("office:dashboard")).context["total"]
    TraineeFactory(township=world.township_a)
    # Counted again only when the summaries are rebuilt, and the page says as of when.
    assert client.get(reverse("office:dashboard")).context["total"] == before
    refresh = dashboard_refresh()
    response = client.get(reverse("office:dashboard"))
    assert response.context["total"] == before + 1
    stamp = timezone.localtime(refresh.refreshed_at).strftime("%Y-%m-%d %H:%M")
    assert stamp in response.content.decode()


def test_a_fresh_database_is_counted_on_the_first_view(world, login):
    response = login(world.users["city_staff"]).get(reverse("office:dashboard"))
    assert response.context["total"] == Trainee.objects.count() > 0


def test_a_heat_row_escapes_its_label(world, login):
    world.township_a.name = "<b>甲镇</b>"
    world.township_a.save()
    dashboard_refresh()
    page = login(world.users["city_staff"]).get(reverse("office:dashboard")).content.decode()
    assert "&lt;b&gt;甲镇&lt;/b&gt;" in page and "<b>甲镇</b>" not in page


def test_the_beat_rebuilds_the_summaries(world, settings):
    from django.db.models import Sum

    from office.models import DashboardRefresh, TraineeTally
    from office.tasks import refresh_dashboard

    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-refresh"]
    assert entry["task"] == "office.tasks.refresh_dashboard"
    refresh_dashboard()  # the task's body, run here without a broker
    refresh_dashboard()
    assert DashboardRefresh.objects.count() == 1  # the latest only
    assert TraineeTally.objects.aggregate(n=Sum("trainees"))["n"] == Trainee.objects.count()
