from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import OrgUnit
from cadets.locking import StaleEdit, expected_version, show_stale
from cadets.models import Trainee
from cadets.panels import panel_url
from cadets.views import get_trainee_for_user

from . import scoring
from .filters import TalentPoolFilter
from .forms import (
    AcknowledgeForm,
    BallotIssueForm,
    ConfirmForm,
    CycleForm,
    NoticeForm,
    OutcomeForm,
    RatingForm,
    TemplateForm,
    VoteForm,
)
from .models import (
    Assessment,
    AssessmentCycle,
    AssessmentTemplate,
    Grade,
    Outcome,
    RaterAssignment,
    RaterKind,
)
from .selectors import (
    assessment_results,
    cycle_page_queryset,
    cycle_page_rows,
    cycle_results,
)
from .services import (
    assessment_acknowledge,
    assessment_confirm,
    ballot_cast,
    ballot_lookup,
    ballots_issue,
    cycle_create,
    cycle_lock,
    cycle_start_notice,
    cycles_generate,
    outcome_record,
    rating_submit,
    template_save,
    trainees_under,
)

PAGE_SIZE = 25


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def get_cycle_for_user(request: HttpRequest, pk: int) -> AssessmentCycle:
    return get_object_or_404(
        AssessmentCycle.objects.visible_to(request.user).select_related("template", "jurisdiction"),
        pk=pk,
    )


def get_assessment_for_user(request: HttpRequest, pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related(
            "cycle__template", "cycle__jurisdiction", "trainee__cohort", "trainee__township"
        ),
        pk=pk,
    )


def _errors(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# Templates ------------------------------------------------------------------------------------


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    _require(request, "assessments.manage_templates")
    templates = AssessmentTemplate.objects.annotate(n_cycles=Count("cycles")).order_by(
        "name", "family", "-version"
    )
    return render(request, "assessments/template_list.html", {"templates": templates})


@login_required
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, "assessments.manage_templates")
    template = get_object_or_404(AssessmentTemplate, pk=pk) if pk else AssessmentTemplate()
    if template.pk and not template.is_current:
        messages.info(request, _("This is an old version; saving makes a new current version."))
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            saved = template_save(
                actor=request.user,
                template=form.save(commit=False),
                dimensions=form.dimensions(),
                expected_version=expected_version(form),
            )
        except StaleEdit as error:
            show_stale(form, template, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if template.pk and saved.version > 1 and saved.pk != pk:
                messages.success(
                    request,
                    _("Cycles use this template, so version %(v)d was created.")
                    % {"v": saved.version},
                )
            else:
                messages.success(request, _("Template saved."))
            return redirect("assessments:template_list")
    return render(request, "assessments/template_form.html", {"form": form, "template": template})


# Cycles ---------------------------------------------------------------------------------------


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    _require(request, "assessments.manage_cycles")
    cycles = (
        AssessmentCycle.objects.visible_to(request.user)
        .select_related("jurisdiction")
        .annotate(
            n=Count("assessments", distinct=True),
            n_confirmed=Count("assessments", filter=~Q(assessments__grade=""), distinct=True),
        )
        .order_by("-period_end", "name", "pk")
    )
    page = Paginator(cycles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/cycle_list.html", {"page": page})


@login_required
def cycle_create_view(request: HttpRequest) -> HttpResponse:
    _require(request, "assessments.manage_cycles")
    form = CycleForm(
        request.POST or None,
        user=request.user,
        initial={"template": AssessmentTemplate.default()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        trainees = trainees_under(data["jurisdiction"])
        if data["cohort"]:
            trainees = trainees.filter(cohort=data["cohort"])
        try:
            cycle = cycle_create(
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                jurisdiction=data["jurisdiction"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                rating_deadline=data["rating_deadline"],
                template=data["template"],
                trainees=trainees,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Cycle created."))
            return redirect("assessments:cycle_detail", pk=cycle.pk)
    return render(request, "assessments/cycle_form.html", {"form": form})


@login_required
@require_POST
def cycle_generate(request: HttpRequest) -> HttpResponse:
    """Generate the due cycles for the user's own unit (city staff: the whole city)."""
    _require(request, "assessments.manage_cycles")
    unit = request.user.org_unit or OrgUnit.objects.filter(kind=OrgUnit.Kind.CITY).first()
    created = cycles_generate(actor=request.user, jurisdiction=unit, today=timezone.localdate())
    if created:
        messages.success(
            request,
            _("Created: %(names)s") % {"names": "、".join(c.name for c in created)},
        )
    else:
        messages.info(request, _("No cycle is due: nothing was created."))
    return redirect("assessments:cycle_list")


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(cycle_page_queryset(request.user), pk=pk)
    _require(request, "assessments.manage_cycles")
    assessments = cycle_page_rows(request.user, cycle, CYCLE_ROW_FIELDS)
    paginator = Paginator(assessments, PAGE_SIZE)
    paginator.count = cycle.n_visible  # counted with the cycle: no COUNT query of its own
    page = paginator.get_page(request.GET.get("page"))
    results = cycle_results(cycle, page.object_list)
    # The labels translated once for the page, not once per row (`get_grade_display`, the
    # <select>s and the missing groups would translate every label on each row).
    grade_labels = {grade: str(label) for grade, label in Grade.choices}
    decision_labels = {d: str(label) for d, label in Assessment.ProbationDecision.choices}
    kind_labels = {kind: str(label) for kind, label in RaterKind.choices}
    grade_choices = list(grade_labels.items())
    decision_choices = [(value, str(label)) for value, label in ConfirmForm.DECISION_CHOICES]
    probation = cycle.kind == AssessmentCycle.Kind.PROBATION
    rows = []
    for a in page.object_list:
        result = results[a["pk"]]
        grade, decision = a["grade"], a["probation_decision"]
        # What a row shows, worked out here once: the template reads plain values (a lookup
        # through an object or a property in the row loop is repeated on every row).
        rows.append(
            {
                "pk": a["pk"],
                "trainee_id": a["trainee_id"],
                "name": a["trainee__name"],
                "township": a["trainee__township__name"],
                "submitted": result.submitted,
                "assigned": result.assigned,
                "cast": result.cast,
                "issued": result.issued,
                "score": result.score,
                "missing": [kind_labels[g.kind] for g in result.groups if g.score is None],
                "proposed": grade_labels.get(result.proposed, ""),
                "grade_label": grade_labels.get(grade, grade),
                "decision_label": decision_labels.get(decision, ""),
                "acknowledged": a["acknowledged_at"] is not None,
                "objection": a["objection"],
                # The fields of ConfirmForm(prefix=f"a{pk}"), which the template writes out
                # itself: a Django widget per row costs more than the rest of the page.
                "prefix": f"a{a['pk']}",
                "grade_options": _options(
                    grade_choices, grade or result.proposed or Grade.COMPETENT
                ),
                "decision_options": _options(
                    decision_choices, decision or Assessment.ProbationDecision.CONFIRMED
                )
                if probation
                else [],
                "comment": a["staff_comment"],
            }
        )
    n = cycle.n_assessed
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/cycle_detail.html",
        {
            "cycle": cycle,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "quota": {
                "n": n,
                "allowed": scoring.excellent_quota(n, cycle.excellent_quota),
                "taken": cycle.n_excellent,
            },
            "can_close": request.user.has_perm("assessments.close_cycle", cycle),
            "notice_form": NoticeForm(),
            "probation": probation,
        },
    )


def _options(choices, selected) -> list[tuple[str, str, bool]]:
    """A <select>'s options as (value, label, selected): the row's template loop writes them
    without comparing each value itself."""
    return [(value, label, value == selected) for value, label in choices]


# What the cycle page shows of an assessment and its trainee (the trainee row is wide).
CYCLE_ROW_FIELDS = [
    "pk",
    "trainee_id",
    "grade",
    "staff_comment",
    "acknowledged_at",
    "objection",
    "probation_decision",
    "trainee__name",
    "trainee__township__name",
]


@login_required
@require_POST
def cycle_notice(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for_user(request, pk)
    _require(request, "assessments.close_cycle", cycle)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the start and end dates of the public notice."))
    else:
        try:
            cycle_start_notice(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The public notice has started."))
    return redirect("assessments:cycle_detail", pk=cycle.pk)


@login_required
@require_POST
def cycle_lock_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for_user(request, pk)
    _require(request, "assessments.close_cycle", cycle)
    try:
        cycle_lock(actor=request.user, cycle=cycle)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The cycle is locked: its results can no longer change."))
    return redirect("assessments:cycle_detail", pk=cycle.pk)


# One assessment (staff) -----------------------------------------------------------------------


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request, pk)
    _require(request, "assessments.confirm_grade", assessment)
    cycle = assessment.cycle
    result = assessment_results(cycle, [assessment])[assessment.pk]
    dimensions = list(cycle.template.dimensions.all())
    rows = []
    for assignment in result.assignments:
        by_code = {s.dimension.code: s.score for s in assignment.scores.all()}
        rows.append({"assignment": assignment, "scores": [by_code.get(d.code) for d in dimensions]})
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "cycle": cycle,
            "result": result,
            "dimensions": dimensions,
            "rows": rows,
            "ballot_form": BallotIssueForm(),
            "confirm_form": ConfirmForm(
                probation=cycle.kind == AssessmentCycle.Kind.PROBATION,
                prefix=f"a{assessment.pk}",
                initial={
                    "grade": assessment.grade or result.proposed or Grade.COMPETENT,
                    "comment": assessment.staff_comment,
                    "probation_decision": assessment.probation_decision
                    or Assessment.ProbationDecision.CONFIRMED,
                },
            ),
            "grades": Grade,
        },
    )


@login_required
@require_POST
def assessment_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request, pk)
    _require(request, "assessments.confirm_grade", assessment)
    form = ConfirmForm(
        request.POST,
        prefix=f"a{assessment.pk}",
        probation=assessment.cycle.kind == AssessmentCycle.Kind.PROBATION,
    )
    if not form.is_valid():
        messages.error(request, _("Choose a grade."))
    else:
        try:
            assessment_confirm(
                actor=request.user,
                assessment=assessment,
                grade=form.cleaned_data["grade"],
                comment=form.cleaned_data["comment"],
                probation_decision=form.cleaned_data.get("probation_decision", ""),
            )
        except ValidationError as error:
            messages.error(request, f"{assessment.trainee}：{_errors(error)}")
        else:
            messages.success(
                request,
                _("%(name)s: grade %(grade)s confirmed.")
                % {"name": assessment.trainee, "grade": assessment.get_grade_display()},
            )
    next_url = request.POST.get("next")
    if next_url == "assessment":
        return redirect("assessments:assessment_detail", pk=assessment.pk)
    # Back to the page of the cycle the grade was confirmed on.
    url = reverse("assessments:cycle_detail", args=[assessment.cycle_id])
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() and page != "1" else url)


@login_required
@require_POST
def ballots_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request, pk)
    _require(request, "assessments.confirm_grade", assessment)
    form = BallotIssueForm(request.POST)
    if form.is_valid():
        try:
            codes = ballots_issue(
                actor=request.user,
                assessment=assessment,
                group=form.cleaned_data["group"],
                count=form.cleaned_data["count"],
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            # Shown once: only hashes are stored, so this page cannot be produced again.
            return render(
                request,
                "assessments/ballot_codes.html",
                {"assessment": assessment, "codes": codes, "group": form.cleaned_data["group"]},
            )
    else:
        messages.error(request, _("Give a voter group and between 1 and 500 ballots."))
    return redirect("assessments:assessment_detail", pk=assessment.pk)


# Raters ---------------------------------------------------------------------------------------


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The assessments assigned to the user to rate (or, for a trainee, to report on)."""
    assignments = (
        RaterAssignment.objects.filter(rater=request.user)
        .select_related("assessment__trainee", "assessment__cycle")
        .order_by("assessment__cycle__status", "-assessment__cycle__rating_deadline", "pk")
    )
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/my_tasks.html",
        {"page": page, "today": timezone.localdate(), "Status": AssessmentCycle.Status},
    )


@login_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Rate one assessment: only the user's own assignment; anything else is a 404."""
    assignment = get_object_or_404(
        RaterAssignment.objects.select_related(
            "assessment__cycle__template", "assessment__trainee"
        ),
        assessment_id=pk,
        rater=request.user,
    )
    assessment = assignment.assessment
    cycle = assessment.cycle
    dimensions = list(cycle.template.dimensions.all())
    initial = {"comment": assignment.comment}
    initial.update({f"score_{s.dimension.code}": s.score for s in assignment.scores.all()})
    form = RatingForm(
        request.POST or None, dimensions=dimensions, kind=assignment.kind, initial=initial
    )
    is_open = (
        cycle.status == AssessmentCycle.Status.OPEN
        and timezone.localdate() <= cycle.rating_deadline
        and not assessment.is_confirmed
    )
    if request.method == "POST" and form.is_valid():
        try:
            rating_submit(
                actor=request.user,
                assignment=assignment,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your rating was submitted."))
            return redirect("assessments:my_tasks")
    return render(
        request,
        "assessments/rate.html",
        {
            "assignment": assignment,
            "assessment": assessment,
            "cycle": cycle,
            "form": form,
            "is_open": is_open,
            "is_self": assignment.kind == RaterKind.SELF,
        },
    )


# The trainee's result -------------------------------------------------------------------------


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """The published result as the trainee sees it: grade, score and comment — never the
    raters' individual scores."""
    assessment = get_assessment_for_user(request, pk)
    _require(request, "assessments.view_result", assessment)
    can_acknowledge = (
        request.user.has_perm("assessments.acknowledge", assessment)
        and assessment.cycle.status == AssessmentCycle.Status.NOTICE
        and not assessment.acknowledged_at
    )
    return render(
        request,
        "assessments/result.html",
        {
            "assessment": assessment,
            "cycle": assessment.cycle,
            "published": assessment.cycle.is_published and assessment.is_confirmed,
            "can_acknowledge": can_acknowledge,
            "form": AcknowledgeForm(),
        },
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request, pk)
    _require(request, "assessments.acknowledge", assessment)
    form = AcknowledgeForm(request.POST)
    form.is_valid()
    try:
        assessment_acknowledge(
            actor=request.user,
            assessment=assessment,
            objection=form.cleaned_data.get("objection", ""),
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Your acknowledgement was recorded."))
    return redirect("assessments:result", pk=assessment.pk)


# Democratic evaluation: public, no sign-in; the code travels in the form, never in the URL.


def vote(request: HttpRequest) -> HttpResponse:
    form = VoteForm(request.POST or None)
    assessment = None
    done = False
    if request.method == "POST" and form.is_valid():
        code, grade = form.cleaned_data["code"], form.cleaned_data["grade"]
        try:
            if grade:
                ballot_cast(code=code, grade=grade)
                done = True
            else:
                assessment = ballot_lookup(code)
        except ValidationError as error:
            form.add_error("code", error)
    response = render(
        request,
        "assessments/vote.html",
        {"form": form, "assessment": assessment, "done": done},
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# Outcomes and the talent pool -----------------------------------------------------------------


@login_required
def outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    _require(request, "assessments.record_outcome", trainee)
    form = OutcomeForm(
        request.POST or None,
        instance=Outcome(trainee=trainee),
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        outcome = form.save(commit=False)
        outcome.assessment = (
            trainee.assessments.filter(cycle__kind=AssessmentCycle.Kind.COMPLETION)
            .order_by("-cycle__period_end")
            .first()
        )
        try:
            outcome_record(actor=request.user, outcome=outcome)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect(panel_url(trainee.pk, "assessments"))
    return render(request, "assessments/outcome_form.html", {"form": form, "trainee": trainee})


@login_required
def talent_pool(request: HttpRequest) -> HttpResponse:
    _require(request, "assessments.view_talent_pool")
    in_pool = Outcome.objects.filter(kind=Outcome.Kind.TALENT_POOL).values("trainee_id")
    queryset = (
        Trainee.objects.visible_to(request.user)
        .filter(pk__in=in_pool)
        .select_related("cohort", "county")
        .only("name", "major", "cohort__name", "county__name")
        .order_by("cohort__year", "name", "pk")
    )
    pool_filter = TalentPoolFilter(request.GET, queryset=queryset)
    # Each trainee's pool entries (newest first) and grade history (by the end of the cycle):
    # one query each for the page's trainees.
    pools = (
        Outcome.objects.filter(kind=Outcome.Kind.TALENT_POOL)
        .only("trainee", "pool", "decided_on")
        .order_by("-decided_on", "pk")
    )
    graded = (
        Assessment.objects.exclude(grade="")
        .select_related("cycle")
        .only("grade", "trainee_id", "cycle__name", "cycle__period_end")
        .order_by("cycle__period_end", "pk")
    )
    rows = pool_filter.qs.prefetch_related(
        Prefetch("outcomes", queryset=pools, to_attr="pools"),
        Prefetch("assessments", queryset=graded, to_attr="graded"),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # The labels translated once a page: `get_grade_display` translates every label of the
    # field's choices on each call, and a page shows a hundred badges or more.
    pool_labels = {pool: str(label) for pool, label in Outcome.Pool.choices}
    grade_labels = {grade: str(label) for grade, label in Grade.choices}
    for trainee in page.object_list:
        for outcome in trainee.pools:
            outcome.pool_label = pool_labels.get(outcome.pool, outcome.pool)
        for assessment in trainee.graded:
            assessment.grade_label = grade_labels.get(assessment.grade, assessment.grade)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/talent_pool.html",
        {"filter": pool_filter, "page": page, "query": query.urlencode()},
    )
