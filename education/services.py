"""Writes of education: courses, enrolment (by cohort or by hand), attendance and completion,
the rules. Views call these; these check the rule again."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import units_q
from cadets.models import Trainee

from .models import Course, Enrolment, TrainingRules

MSG_ORGANISER_OUTSIDE = _("Choose your own unit or a unit under it as the organiser.")
MSG_NOBODY_CHOSEN = _("Choose a cohort or at least one trainee.")

COURSE_FIELDS = (
    "title",
    "kind",
    "starts_on",
    "ends_on",
    "hours",
    "organiser",
    "organiser_unit",
    "description",
)


@transaction.atomic
def course_save(*, actor, course: Course | None = None, **values) -> Course:
    """Create a course (course=None) or change one."""
    if course is None:
        if not actor.has_perm("education.add_course"):
            raise PermissionDenied
        course = Course(created_by=actor)
    elif not actor.has_perm("education.change_course", course):
        raise PermissionDenied
    unit = values.get("organiser_unit")
    if unit is not None and not OrgUnit.objects.filter(units_q(actor), pk=unit.pk).exists():
        raise ValidationError({"organiser_unit": MSG_ORGANISER_OUTSIDE})
    for name in COURSE_FIELDS:
        if name in values:
            setattr(course, name, values[name])
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def course_enrol(*, actor, course: Course, cohort=None, trainees=()) -> int:
    """Enrol the trainees in training of `cohort` in the actor's scope, and/or `trainees`;
    those already enrolled are left as they are. Returns how many were added."""
    if not actor.has_perm("education.change_course", course):
        raise PermissionDenied
    visible = Trainee.objects.visible_to(actor)
    chosen: set[int] = set()
    if cohort is not None:
        chosen |= set(
            visible.filter(cohort=cohort, status=Trainee.Status.TRAINING).values_list(
                "pk", flat=True
            )
        )
    if trainees:
        chosen |= set(visible.filter(pk__in=[t.pk for t in trainees]).values_list("pk", flat=True))
    if cohort is None and not trainees:
        raise ValidationError(MSG_NOBODY_CHOSEN, code="nobody")
    chosen -= set(course.enrolments.values_list("trainee_id", flat=True))
    Enrolment.objects.bulk_create(
        Enrolment(course=course, trainee_id=pk, enrolled_by=actor) for pk in sorted(chosen)
    )
    return len(chosen)


@transaction.atomic
def enrolments_record(*, actor, course: Course, values: dict[int, dict]) -> None:
    """Attendance and completion of the enrolments `values` names ({id: {status, hours,
    note}}); a completed course without hours typed earns the course's hours."""
    if not actor.has_perm("education.change_course", course):
        raise PermissionDenied
    enrolments = list(
        Enrolment.objects.visible_to(actor)
        .filter(course=course, pk__in=list(values))
        .select_related("trainee")
    )
    messages = []
    for enrolment in enrolments:
        enrolment.course = course
        row = values[enrolment.pk]
        enrolment.status = row["status"]
        enrolment.note = row.get("note", "")
        hours = row.get("hours")
        if enrolment.status == Enrolment.Status.COMPLETED and not hours:
            hours = course.hours
        if enrolment.status in (Enrolment.Status.ENROLLED, Enrolment.Status.ABSENT):
            hours = 0
        enrolment.hours = hours or 0
        try:
            enrolment.full_clean(exclude=["course", "trainee"])
        except ValidationError as error:
            messages.extend(f"{enrolment.trainee.name}：{m}" for m in error.messages)
    if messages:
        raise ValidationError(messages)
    Enrolment.objects.bulk_update(enrolments, ["status", "hours", "note"])


@transaction.atomic
def rules_update(*, actor, rules: TrainingRules, required_hours) -> TrainingRules:
    if not actor.has_perm("education.manage_rules"):
        raise PermissionDenied
    rules.required_hours = required_hours
    rules.full_clean()
    rules.save()
    return rules
