"""Courses and study sessions: enrolment by cohort or by hand, attendance and completion, the
hours of each trainee against the yearly requirement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cadets.models import Trainee
from education import services
from education.models import MSG_HOURS_OVER_COURSE, Course, Enrolment, TrainingRules
from education.selectors import hours_list
from tests.factories import TraineeFactory

from .builders import course_for

THIS_YEAR = dt.date.today().year


def _course(world, **extra):
    return services.course_save(
        actor=world.users["county_staff"],
        title="2026年新录用选调生岗前培训",
        kind=Course.Kind.PRE_POST,
        starts_on=extra.pop("starts_on", dt.date(THIS_YEAR, 3, 2)),
        ends_on=extra.pop("ends_on", dt.date(THIS_YEAR, 3, 6)),
        hours=Decimal("32"),
        organiser="甲县委组织部",
        organiser_unit=world.county_a,
        description="",
        **extra,
    )


def test_a_cohort_is_enrolled_within_the_organisers_area(world):
    course = _course(world)
    same_cohort = TraineeFactory(township=world.township_a, cohort=world.own.cohort)
    TraineeFactory(
        township=world.township_a, cohort=world.own.cohort, status=Trainee.Status.COMPLETED
    )
    added = services.course_enrol(
        actor=world.users["county_staff"], course=course, cohort=world.own.cohort
    )
    enrolled = set(course.enrolments.values_list("trainee_id", flat=True))
    assert added == 2 and enrolled == {world.own.pk, same_cohort.pk}
    # Enrolling again adds nobody twice; a trainee of another county is not theirs to enrol.
    again = services.course_enrol(
        actor=world.users["county_staff"], course=course, trainees=[world.own, world.other]
    )
    assert again == 0 and course.enrolments.count() == 2


def test_completion_credits_the_courses_hours(world, login):
    course = _course(world)
    services.course_enrol(actor=world.users["county_staff"], course=course, trainees=[world.own])
    enrolment = course.enrolments.get()
    client = login(world.users["county_staff"])
    response = client.post(
        reverse("education:course_record", args=[course.pk]),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(enrolment.pk),
            "form-0-status": Enrolment.Status.COMPLETED,
            "form-0-hours": "",
            "form-0-note": "",
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.hours == Decimal("32")
    [row] = hours_list(world.users["county_staff"], THIS_YEAR).filter(pk=world.own.pk)
    assert row.year_hours == Decimal("32") and row.required == Decimal("40") and row.short


def test_more_hours_than_the_course_has_are_refused_in_chinese(world):
    course = _course(world)
    services.course_enrol(actor=world.users["county_staff"], course=course, trainees=[world.own])
    enrolment = course.enrolments.get()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        services.enrolments_record(
            actor=world.users["county_staff"],
            course=course,
            values={enrolment.pk: {"status": Enrolment.Status.PARTIAL, "hours": Decimal("40")}},
        )
    with translation.override("zh-hans"):
        assert str(MSG_HOURS_OVER_COURSE).format(hours=course.hours) in error.value.messages[0]


def test_the_required_hours_are_a_rule_in_the_database(world, login):
    course = _course(world)
    services.course_enrol(actor=world.users["county_staff"], course=course, trainees=[world.own])
    enrolment = course.enrolments.get()
    services.enrolments_record(
        actor=world.users["county_staff"],
        course=course,
        values={enrolment.pk: {"status": Enrolment.Status.COMPLETED, "hours": None}},
    )
    response = login(world.users["city_staff"]).post(
        reverse("education:rules"), {"required_hours": "30"}
    )
    assert response.status_code == 302 and TrainingRules.current().required_hours == 30
    [row] = hours_list(world.users["city_staff"], THIS_YEAR).filter(pk=world.own.pk)
    assert not row.short


def test_hours_appear_on_the_trainee_page_and_in_the_growth_file(world, login):
    course = _course(world)
    services.course_enrol(actor=world.users["county_staff"], course=course, trainees=[world.own])
    services.enrolments_record(
        actor=world.users["county_staff"],
        course=course,
        values={course.enrolments.get().pk: {"status": Enrolment.Status.COMPLETED}},
    )
    client = login(world.users["city_staff"])
    training = reverse("cadets:trainee_section", args=[world.own.pk, "training"])
    page = client.get(training).content.decode()
    assert 'data-testid="training-hours"' in page and "32.0" in page
    growth = client.get(reverse("office:growth_file", args=[world.own.pk])).content.decode()
    assert "2026年新录用选调生岗前培训" in growth and "32.0" in growth


def test_a_trainee_sees_their_own_courses_only_on_their_page(world, login):
    course_for(world, "own")
    other = course_for(world, "other", title="乙镇专题学习")
    client = login(world.users["trainee"])
    page = client.get(reverse("cadets:me_section", args=["training"])).content.decode()
    assert "甲镇理论学习" in page and "乙镇专题学习" not in page
    assert client.get(reverse("education:course_detail", args=[other.pk])).status_code == 404


def test_township_staff_see_a_city_course_their_trainee_is_in_but_cannot_change_it(world, login):
    course = Course.objects.create(
        title="全市选调生集中轮训",
        kind=Course.Kind.ROTATION,
        starts_on=dt.date(THIS_YEAR, 5, 1),
        ends_on=dt.date(THIS_YEAR, 5, 3),
        hours=Decimal("24"),
        organiser="市委组织部",
        organiser_unit=world.city,
        created_by=world.users["city_staff"],
    )
    Enrolment.objects.create(
        course=course, trainee=world.own, enrolled_by=world.users["city_staff"]
    )
    Enrolment.objects.create(
        course=course, trainee=world.other, enrolled_by=world.users["city_staff"]
    )
    client = login(world.users["unit_staff"])
    page = client.get(reverse("education:course_detail", args=[course.pk])).content.decode()
    assert world.own.name in page and world.other.name not in page
    assert client.get(reverse("education:course_edit", args=[course.pk])).status_code == 403


# The course list's queries, whatever the number of courses: the user (1, accounts.backends),
# the courses counted for the paginator (1) and the page's courses with their organiser and
# counts of enrolled and completed trainees in scope (1).
COURSE_LIST_QUERIES = 3
# The hours list's: the user (1), the trainees counted (1), the page's trainees with their
# places, cohort, hours and the rule's required hours as columns (1), and the filter's county
# and cohort choices (2).
HOURS_QUERIES = 5


@pytest.mark.parametrize("extra", [0, 10])
def test_the_lists_query_counts_do_not_grow_with_rows(
    extra, world, login, django_assert_num_queries
):
    for n in range(extra + 1):
        course_for(world, "own", title=f"第{n}期理论学习")
        TraineeFactory(township=world.township_a)
    client = login(world.users["city_staff"])
    client.get(reverse("education:course_list"))
    with django_assert_num_queries(COURSE_LIST_QUERIES):
        client.get(reverse("education:course_list"))
    with django_assert_num_queries(HOURS_QUERIES):
        client.get(reverse("education:hours"))


def test_the_course_form_refuses_an_end_before_the_start_in_chinese(world, login):
    response = login(world.users["county_staff"]).post(
        reverse("education:course_create"),
        {
            "title": "专题党课",
            "kind": Course.Kind.MISSION,
            "starts_on": "2026-06-02",
            "ends_on": "2026-06-01",
            "hours": "3",
            "organiser": "甲县委组织部",
            "organiser_unit": world.county_a.pk,
        },
    )
    assert response.status_code == 200
    assert not Course.objects.exists()
