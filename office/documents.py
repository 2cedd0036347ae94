"""Printable documents: the training plan, the assessment registration form (考核登记表) and the
growth file (成长档案 / 一人一档). Each is one template rendered two ways: a print-friendly page
(print CSS) and a PDF by WeasyPrint with the Noto CJK fonts installed on the system.

Every record comes through the reader's scope; ID numbers are masked as on screen.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from assessments.models import Assessment, Outcome, RaterKind
from assessments.selectors import assessment_results
from cadets.models import LeaveRequest, PlanMilestone, Trainee, TrainingPlan
from careers.documents import growth_file_part
from conduct import documents as conduct_documents
from mentors.models import Mentorship, MonthlyFeedback
from mentors.selectors import with_kind_labels
from rotations.models import KeyTask, Rotation
from rotations.selectors import coverage_of, rule_set, warning_texts
from support import documents as support_documents

DOCUMENT_CSS = "office/documents.css"
# What the growth file's trainee comes with: the places and cohort its facts name.
DOCUMENT_TRAINEE_RELATIONS = ("cohort", "county", "township", "village")


def render_document(
    request: HttpRequest, template: str, context: dict, *, pdf: bool, file_name: str
) -> HttpResponse:
    if not pdf:
        return HttpResponse(render_to_string(template, {**context, "pdf": False}, request))
    html = render_to_string(template, {**context, "pdf": True}, request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, file_name)
    response["Cache-Control"] = "private, no-store"
    return response


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only the PDF views need.
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=finders.find(DOCUMENT_CSS))
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=[stylesheet])


def _refuse_fetch(url: str, *args, **kwargs):
    """Documents need nothing from outside: no URL in user-entered text is ever fetched."""
    raise ValueError(f"not fetched: {url[:40]}")


def trainee_facts(trainee: Trainee) -> list[tuple[str, str]]:
    """The profile block shared by the documents (docs/domain.md, "Records kept per trainee")."""
    placement = f"{trainee.county} {trainee.township}" + (
        f" {trainee.village}" if trainee.village_id else ""
    )
    party = trainee.get_political_status_display()
    if trainee.party_joined_on:
        party += f"（{trainee.party_joined_on:%Y-%m}）"
    return [
        (_("Full name"), trainee.name),
        (_("Sex"), trainee.get_sex_display()),
        (_("Ethnicity"), trainee.ethnicity),
        (_("Birth date"), f"{trainee.birth_date:%Y-%m}"),
        (_("Native place"), trainee.native_place),
        (_("ID number"), trainee.masked_id_number),
        (_("Political status"), party),
        (_("Education"), f"{trainee.get_education_display()} · {trainee.get_degree_display()}"),
        (_("School"), trainee.school),
        (_("Major"), trainee.major),
        (_("Stream"), trainee.get_stream_display()),
        (_("Cohort"), str(trainee.cohort)),
        (_("Date reported for duty"), f"{trainee.reported_on:%Y-%m-%d}"),
        (_("Probation ends on"), f"{trainee.probation_ends_on:%Y-%m-%d}"),
        (_("Training ends on"), f"{trainee.training_ends_on:%Y-%m-%d}"),
        (_("Placement"), placement),
        (_("Current post"), trainee.current_post),
        (_("Status"), trainee.get_status_display()),
    ]


def fact_rows(facts: list[tuple[str, str]], per_row: int = 2) -> list[list[tuple[str, str]]]:
    return [facts[i : i + per_row] for i in range(0, len(facts), per_row)]


def plan_context(trainee: Trainee, plan: TrainingPlan, today: dt.date) -> dict:
    labels = {name: TrainingPlan._meta.get_field(name).verbose_name for name in TrainingPlan.PARTS}
    return {
        "trainee": trainee,
        "facts": fact_rows(trainee_facts(trainee)),
        "plan": plan,
        "parts": [(labels[p], getattr(plan, p)) for p in TrainingPlan.PARTS],
        "milestones": list(plan.milestones.all()),
        "printed_on": today,
    }


def assessment_form_context(assessment: Assessment, today: dt.date) -> dict:
    """考核登记表: the trainee, the cycle, the self-report, each rater group's score, the
    democratic evaluation, the grade and the department's comment."""
    cycle = assessment.cycle
    result = assessment_results(cycle, [assessment])[assessment.pk]
    self_report = next(
        (a.comment for a in result.assignments if a.kind == RaterKind.SELF and a.submitted_at),
        "",
    )
    comments = [
        (RaterKind(a.kind).label, a.comment)
        for a in result.assignments
        if a.kind != RaterKind.SELF and a.submitted_at and a.comment
    ]
    return {
        "assessment": assessment,
        "cycle": cycle,
        "trainee": assessment.trainee,
        "facts": fact_rows(trainee_facts(assessment.trainee)),
        "result": result,
        "self_report": self_report,
        "comments": comments,
        "printed_on": today,
    }


def growth_file_context(pk: int, user, today: dt.date) -> dict | None:
    """成长档案: everything kept on trainee `pk`, each part through the reader's scope — a
    query per part; None when the trainee is outside the reader's scope (or does not exist)."""
    trainee = (
        Trainee.objects.visible_to(user)
        .select_related(*DOCUMENT_TRAINEE_RELATIONS)
        .filter(pk=pk)
        .first()
    )
    if trainee is None:
        return None
    plans = list(
        TrainingPlan.objects.visible_to(user)
        .filter(trainee_id=pk)
        .select_related("approved_by")
        .prefetch_related(
            Prefetch("milestones", queryset=PlanMilestone.objects.order_by("due_on", "pk"))
        )
        .order_by("-version")
    )
    rotations = list(
        Rotation.objects.visible_to(user)
        .filter(trainee_id=pk)
        .select_related("post__category", "post__village", "post__township")
        .order_by("starts_on", "pk")
    )
    rules = rule_set()
    coverage = coverage_of(trainee, rotations, rules, today)
    coverage_cells = [
        (rules.categories[c.category].name, c.state, c.months) for c in coverage.categories
    ]
    mentorships = with_kind_labels(
        Mentorship.objects.visible_to(user)
        .filter(trainee_id=pk)
        .select_related("mentor__unit")
        .order_by("starts_on", "pk")
    )
    feedback = list(
        MonthlyFeedback.objects.visible_to(user)
        .filter(mentorship__trainee_id=pk)
        .select_related("mentorship__mentor")
        .order_by("month", "pk")
    )
    submitted = Counter(f.mentorship_id for f in feedback)
    leave = list(
        LeaveRequest.objects.visible_to(user).filter(trainee_id=pk).order_by("starts_on", "pk")
    )
    context = {
        "trainee": trainee,
        "facts": fact_rows(trainee_facts(trainee)),
        "plans": plans,
        # The five parts of the newest version in full; older versions by their change notes.
        "plan_parts": [
            (TrainingPlan._meta.get_field(p).verbose_name, getattr(plans[0], p))
            for p in TrainingPlan.PARTS
        ]
        if plans
        else [],
        "rotations": rotations,
        "coverage": coverage_cells,
        "coverage_warnings": warning_texts(coverage, rules),
        "tasks": KeyTask.objects.visible_to(user).filter(trainee_id=pk).order_by("starts_on"),
        "mentorships": [
            {"mentorship": m, "kind": m.kind_label, "submitted": submitted.get(m.pk, 0)}
            for m in mentorships
        ],
        "feedback_count": len(feedback),
        "flagged": [f for f in feedback if f.needs_attention],
        "latest_remarks": [f for f in feedback if f.remark][-6:],
        "leave": leave,
        "leave_days": sum(
            item.days
            for item in leave
            if item.status in (LeaveRequest.Status.APPROVED, LeaveRequest.Status.RETURNED)
        ),
        "assessments": Assessment.objects.visible_to(user)
        .filter(trainee_id=pk)
        .select_related("cycle")
        .order_by("cycle__period_end", "pk"),
        "outcomes": Outcome.objects.visible_to(user).filter(trainee_id=pk).order_by("decided_on"),
        "printed_on": today,
    }
    return {**context, **growth_file_sections(trainee, user)}


def growth_file_sections(trainee: Trainee, user) -> dict:
    """The sections other apps keep for the growth file (their include templates read these)."""
    from attendance.documents import growth_file_section as attendance_section
    from education.documents import growth_file_section as education_section

    return {
        **attendance_section(trainee),
        **education_section(trainee),
        "careers": growth_file_part(trainee.pk, user),  # careers/_growth_file_section.html
        # Sections 8 and 9 (care and support; awards, discipline, 容错): each app reads its own
        # rows through the reader's scope and audits the sensitive ones it prints.
        **support_documents.growth_file_part(trainee, user),
        **conduct_documents.growth_file_part(trainee, user),
    }
