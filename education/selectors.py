"""Reads of education: courses with their counts, a trainee's courses and hours, hours by
trainee for a year. Each is one query: the rules ride along as a subquery column."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from cadets.models import Trainee

from .models import Course, Enrolment, TrainingRules

DEFAULT_REQUIRED = TrainingRules._meta.get_field("required_hours").default
HOURS = DecimalField(max_digits=7, decimal_places=1)
# Attendance that earns hours.
CREDITED = (Enrolment.Status.COMPLETED, Enrolment.Status.PARTIAL)


def required_hours() -> Coalesce:
    """TrainingRules.required_hours as a column (the default while no row exists)."""
    return Coalesce(
        Subquery(TrainingRules.objects.order_by("pk").values("required_hours")[:1]),
        Value(DEFAULT_REQUIRED),
        output_field=HOURS,
    )


def year_hours(year: int, trainee_ref: str = "pk") -> Coalesce:
    """A trainee's hours credited by courses that ended in `year`, as a column."""
    credited = (
        Enrolment.objects.filter(
            trainee=OuterRef(trainee_ref), status__in=CREDITED, course__ends_on__year=year
        )
        .order_by()
        .values("trainee")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(credited, output_field=HOURS), Value(Decimal(0)), output_field=HOURS)


def short_of_hours(trainees: QuerySet, year: int) -> QuerySet:
    """The `trainees` whose hours credited in `year` (`year_hours`) are fewer than required,
    with the requirement as `required`. Those with enough are one aggregate over the year's
    credited enrolments, read once: not a sum per trainee, which a province's reminder sweep
    paid for every trainee in training on every run."""
    enough = (
        Enrolment.objects.filter(status__in=CREDITED, course__ends_on__year=year)
        .order_by()
        .values("trainee")
        .annotate(total=Sum("hours"))
        .filter(total__gte=required_hours())
        .values("trainee")
    )
    # Credited hours are never negative: with nothing required nobody is short.
    return (
        trainees.annotate(required=required_hours()).filter(required__gt=0).exclude(pk__in=enough)
    )


def course_list(user) -> QuerySet:
    """Courses the user can see, with the enrolled and completed among the trainees they see."""
    in_scope = Q(enrolments__trainee__in=Trainee.objects.visible_to(user).values("pk"))
    return (
        Course.objects.visible_to(user)
        .select_related("organiser_unit")
        .annotate(
            enrolled=Count("enrolments", filter=in_scope),
            completed=Count(
                "enrolments", filter=in_scope & Q(enrolments__status=Enrolment.Status.COMPLETED)
            ),
        )
        .order_by("-starts_on", "-pk")
    )


def hours_list(user, year: int) -> QuerySet:
    """Trainees in training in the user's scope with their hours of `year` and the hours
    required (`short`: fewer than required)."""
    return (
        Trainee.objects.visible_to(user)
        .filter(status=Trainee.Status.TRAINING)
        .select_related("county", "township", "cohort")
        .annotate(year_hours=year_hours(year), required=required_hours())
        .annotate(short=Q(year_hours__lt=F("required")))
        .order_by("county__name", "township__name", "name", "pk")
    )


def trainee_courses(trainee: Trainee, year: int | None = None) -> list[Enrolment]:
    """The trainee's enrolments with their courses, newest first, each with the rules'
    `required` hours (one query)."""
    enrolments = (
        Enrolment.objects.filter(trainee=trainee)
        .select_related("course")
        .annotate(required=required_hours())
        .order_by("-course__starts_on", "-pk")
    )
    if year is not None:
        enrolments = enrolments.filter(course__ends_on__year=year)
    return list(enrolments)


def hours_by_year(enrolments: list[Enrolment]) -> list[tuple[int, Decimal]]:
    """Credited hours per year of the courses' last days, newest year first."""
    years: dict[int, Decimal] = {}
    for enrolment in enrolments:
        if enrolment.status in CREDITED:
            year = enrolment.course.ends_on.year
            years[year] = years.get(year, Decimal(0)) + enrolment.hours
    return sorted(years.items(), reverse=True)
