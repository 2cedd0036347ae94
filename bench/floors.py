# ruff: noqa: S608 -- statements are assembled from fixed fragments; every value is a parameter.
"""The floor of each page: the same data fetched with ONE hand-written SQL query and rendered by
the same template. What is left between a page and its floor is the cost of the ORM, the
extra round trips and the Python between them.

Each floor is `floor(subjects, request) -> (template, context)` and runs exactly one query
(the bench checks). Nested data (rotations of a trainee, raters of an assessment) comes back
as JSON from the same statement; the bell's unread count and the viewer's permissions are
columns of it too, handed to the user object so that rendering asks nothing more.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils import timezone

from accounts.models import OrgUnit, Role

PAGE_SIZE = 25

# Permissions of the viewer (what ModelBackend would load) and the bell's count.
VIEWER_COLUMNS = """
  (SELECT COUNT(*) FROM notifications_notification
    WHERE recipient_id = %(viewer)s AND read_at IS NULL) AS unread,
  ARRAY(SELECT ct.app_label || '.' || p.codename FROM auth_permission p
          JOIN django_content_type ct ON ct.id = p.content_type_id
         WHERE p.id IN (SELECT permission_id FROM accounts_user_user_permissions
                         WHERE user_id = %(viewer)s
                        UNION SELECT gp.permission_id FROM accounts_user_groups ug
                          JOIN auth_group_permissions gp ON gp.group_id = ug.group_id
                         WHERE ug.user_id = %(viewer)s)) AS perms"""


def _fetch(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _one(sql: str, params: dict) -> dict:
    rows = _fetch(sql, params)
    return rows[0] if rows else {}


def _viewer(request, row: dict) -> None:
    """Hand the viewer's permissions and unread count to the user object (no more queries)."""
    user = request.user
    user._perm_cache = set(row.get("perms") or [])
    user._user_perm_cache = user._group_perm_cache = set()
    user._unread_notifications = row.get("unread") or 0


def _scope(user, alias: str = "t") -> str:
    """The scoping rule (accounts/scoping.py) in SQL, for the viewers of the bench."""
    if user.is_superuser:
        return "TRUE"
    if user.role == Role.MENTOR:
        return (
            f"{alias}.id IN (SELECT ms.trainee_id FROM mentors_mentorship ms JOIN mentors_mentor m"
            " ON m.id = ms.mentor_id WHERE m.user_id = %(viewer)s)"
        )
    if user.role == Role.TRAINEE:
        return f"{alias}.user_id = %(viewer)s"
    kind = user.org_unit.kind
    if kind == OrgUnit.Kind.PROVINCE:
        return (
            f"{alias}.county_id IN (SELECT k.id FROM accounts_orgunit k JOIN accounts_orgunit c"
            " ON c.id = k.parent_id WHERE c.parent_id = %(unit)s)"
        )
    if kind == OrgUnit.Kind.CITY:
        return f"{alias}.county_id IN (SELECT id FROM accounts_orgunit WHERE parent_id = %(unit)s)"
    if kind == OrgUnit.Kind.COUNTY:
        return f"{alias}.county_id = %(unit)s"
    return f"{alias}.township_id = %(unit)s"


def _units_scope(user, alias: str = "u") -> str:
    """accounts.scoping.units_q in SQL: the viewer's unit and everything under it."""
    if user.is_superuser:
        return "TRUE"
    return (
        f"(%(unit)s IN ({alias}.id, {alias}.parent_id) OR {alias}.parent_id IN ("
        " SELECT id FROM accounts_orgunit WHERE parent_id = %(unit)s OR parent_id IN ("
        "  SELECT id FROM accounts_orgunit WHERE parent_id = %(unit)s OR parent_id IN ("
        "   SELECT id FROM accounts_orgunit WHERE parent_id = %(unit)s))))"
    )


def _params(request, **extra) -> dict:
    user = request.user
    return {"viewer": user.pk, "unit": user.org_unit_id, **extra}


def _page(rows: list, number: int, total: int, size: int = PAGE_SIZE) -> Page:
    paginator = Paginator([], size)
    paginator.__dict__["count"] = total  # cached_property: the count the query returned
    return Page(rows, number, paginator)


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def _choices(field, pairs, empty=True) -> None:
    """Set a model choice field's choices from fetched (id, label) pairs: no query to render."""
    label = field.empty_label if empty and getattr(field, "empty_label", None) else None
    field.widget.choices = ([("", label)] if label is not None else []) + [
        (pk, name) for pk, name in (pairs or [])
    ]


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _datetime(value):
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def _unit(pk, name):
    return OrgUnit(id=pk, name=name) if pk else None


# --- Trainee list ------------------------------------------------------------------------


def trainee_list(subjects, request):
    from cadets.filters import TraineeFilter
    from cadets.models import Cohort, Trainee

    user = request.user
    county = request.GET.get("county") or None
    search = (request.GET.get("q") or "").strip()
    number = _page_number(request)
    where = [_scope(user)]
    if county:
        where.append("t.county_id = %(county)s")
    if search:
        where.append("t.name LIKE %(like)s")
    townships = (
        "parent_id = %(county)s"
        if county
        else ("parent_id = %(unit)s" if user.org_unit.kind == OrgUnit.Kind.COUNTY else "FALSE")
    )
    sql = f"""
      WITH scope AS (SELECT * FROM cadets_trainee t WHERE {" AND ".join(where)})
      SELECT s.id, s.name, s.id_number, s.status, s.cohort_id, co.name AS cohort,
             s.county_id, k.name AS county, s.township_id, tw.name AS township,
             {VIEWER_COLUMNS},
             (SELECT COUNT(*) FROM scope) AS total,
             (SELECT json_agg(json_build_array(id, name) ORDER BY year DESC)
                FROM cadets_cohort) AS cohorts,
             (SELECT json_agg(json_build_array(u.id, u.name) ORDER BY u.code)
                FROM accounts_orgunit u WHERE u.kind = 'county' AND {_units_scope(user)})
               AS counties,
             (SELECT json_agg(json_build_array(u.id, u.name) ORDER BY u.code)
                FROM accounts_orgunit u WHERE u.kind = 'township' AND {townships}
                 AND {_units_scope(user)}) AS townships
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (SELECT * FROM scope ORDER BY name, id
                            LIMIT {PAGE_SIZE} OFFSET %(offset)s) s ON TRUE
        LEFT JOIN cadets_cohort co ON co.id = s.cohort_id
        LEFT JOIN accounts_orgunit k ON k.id = s.county_id
        LEFT JOIN accounts_orgunit tw ON tw.id = s.township_id
       ORDER BY s.name, s.id"""
    rows = _fetch(
        sql,
        _params(request, county=county, like=f"%{search}%", offset=(number - 1) * PAGE_SIZE),
    )
    head = rows[0]
    _viewer(request, head)
    trainees = []
    for row in rows:
        if row["id"] is None:
            continue
        trainee = Trainee(
            id=row["id"], name=row["name"], id_number=row["id_number"], status=row["status"]
        )
        trainee.cohort = Cohort(id=row["cohort_id"], name=row["cohort"])
        trainee.county = _unit(row["county_id"], row["county"])
        trainee.township = _unit(row["township_id"], row["township"])
        trainees.append(trainee)
    trainee_filter = TraineeFilter(request.GET, queryset=Trainee.objects.none(), user=user)
    form = trainee_filter.form
    _choices(form.fields["cohort"], head["cohorts"])
    _choices(form.fields["county"], head["counties"])
    _choices(form.fields["township"], head["townships"])
    query = request.GET.copy()
    query.pop("page", None)
    return "cadets/trainee_list.html", {
        "filter": trainee_filter,
        "page": _page(trainees, number, head["total"]),
        "query": query.urlencode(),
    }


# --- Mentor home -------------------------------------------------------------------------


def mentor_home(subjects, request):
    from cadets.models import PlanMilestone, Trainee
    from mentors.models import Mentor, MentoringConfig, Mentorship, MonthlyFeedback, month_start
    from mentors.selectors import MenteeRow, feedback_status

    today = timezone.localdate()
    month = month_start(today)
    previous = month_start(month - dt.timedelta(days=1))
    sql = f"""
      SELECT m.id AS mentor_id, m.name AS mentor_name, m.position,
             {VIEWER_COLUMNS},
             (SELECT row_to_json(c) FROM (SELECT feedback_due_day, feedback_lock_day
                FROM mentors_mentoringconfig ORDER BY id LIMIT 1) c) AS config,
             (SELECT json_object_agg(code, name) FROM mentors_mentortype) AS labels,
             (SELECT json_agg(json_build_object(
                 'id', ms.id, 'kind', ms.kind, 'is_primary', ms.is_primary,
                 'starts_on', ms.starts_on, 'ends_on', ms.ends_on, 'trainee_id', t.id,
                 'name', t.name, 'current_post', t.current_post, 'township', tw.name,
                 'township_id', tw.id,
                 'records', (SELECT json_agg(json_build_array(f.month, f.status))
                               FROM mentors_monthlyfeedback f
                              WHERE f.mentorship_id = ms.id
                                AND f.month IN (%(month)s, %(previous)s)),
                 'milestones', (SELECT json_agg(json_build_array(pm.due_on, pm.title)
                                                ORDER BY pm.due_on, pm.id)
                                  FROM (SELECT pm.id, pm.due_on, pm.title
                                          FROM cadets_planmilestone pm
                                         WHERE pm.done_on IS NULL AND pm.plan_id = (
                                               SELECT p.id FROM cadets_trainingplan p
                                                WHERE p.trainee_id = t.id
                                                  AND p.status IN ('approved', 'acknowledged')
                                                ORDER BY p.version DESC LIMIT 1)
                                         ORDER BY pm.due_on, pm.id LIMIT 3) pm))
                 ORDER BY t.name, ms.starts_on)
                FROM mentors_mentorship ms JOIN cadets_trainee t ON t.id = ms.trainee_id
                JOIN accounts_orgunit tw ON tw.id = t.township_id
               WHERE ms.mentor_id = m.id) AS pairings
        FROM mentors_mentor m WHERE m.user_id = %(viewer)s"""
    row = _one(sql, _params(request, month=month, previous=previous))
    _viewer(request, row)
    config = MentoringConfig(**row["config"])
    mentor = Mentor(id=row["mentor_id"], name=row["mentor_name"], position=row["position"])
    labels = row["labels"] or {}
    current, former = [], []
    for p in row["pairings"] or []:
        trainee = Trainee(id=p["trainee_id"], name=p["name"], current_post=p["current_post"])
        trainee.township = _unit(p["township_id"], p["township"])
        pairing = Mentorship(
            id=p["id"],
            kind=p["kind"],
            is_primary=p["is_primary"],
            starts_on=_date(p["starts_on"]),
            ends_on=_date(p["ends_on"]),
            trainee_id=trainee.pk,
        )
        pairing.trainee = trainee
        if not pairing.is_current(today):
            former.append(pairing)
            continue
        records = {_date(m): s for m, s in p["records"] or []}
        open_previous = None
        if (
            pairing.covers_month(previous)
            and not config.is_locked(previous, today)
            and records.get(previous) != MonthlyFeedback.Status.SUBMITTED
        ):
            open_previous = previous
        current.append(
            MenteeRow(
                mentorship=pairing,
                trainee=trainee,
                kind_label=labels.get(pairing.kind, pairing.kind),
                month=month,
                status=feedback_status(records.get(month), month, today, config),
                open_previous=open_previous,
                milestones=[
                    PlanMilestone(due_on=_date(due), title=title)
                    for due, title in p["milestones"] or []
                ],
            )
        )
    return "mentors/home.html", {
        "mentor": mentor,
        "rows": current,
        "former": former,
        "month": month,
    }


# --- Flagged feedback --------------------------------------------------------------------


def flagged_list(subjects, request):
    from cadets.models import Trainee
    from mentors.models import Mentor, Mentorship, MonthlyFeedback

    user = request.user
    number = _page_number(request)
    scope = _scope(user)
    sql = f"""
      WITH flagged AS (
        SELECT f.id, f.month, f.attention_reason, f.submitted_at, f.mentorship_id
          FROM mentors_monthlyfeedback f
          JOIN mentors_mentorship ms ON ms.id = f.mentorship_id
          JOIN cadets_trainee t ON t.id = ms.trainee_id
         WHERE f.needs_attention AND f.status = 'submitted' AND {scope})
      SELECT f.id, f.month, f.attention_reason, t.id AS trainee_id, t.name, tw.id AS tw_id,
             tw.name AS township, m.id AS mentor_id, m.name AS mentor,
             {VIEWER_COLUMNS}, (SELECT COUNT(*) FROM flagged) AS total
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (SELECT * FROM flagged ORDER BY month DESC, submitted_at DESC
                            LIMIT {PAGE_SIZE} OFFSET %(offset)s) f ON TRUE
        LEFT JOIN mentors_mentorship ms ON ms.id = f.mentorship_id
        LEFT JOIN cadets_trainee t ON t.id = ms.trainee_id
        LEFT JOIN accounts_orgunit tw ON tw.id = t.township_id
        LEFT JOIN mentors_mentor m ON m.id = ms.mentor_id
       ORDER BY f.month DESC, f.submitted_at DESC"""
    rows = _fetch(sql, _params(request, offset=(number - 1) * PAGE_SIZE))
    _viewer(request, rows[0])
    records = []
    for row in rows:
        if row["id"] is None:
            continue
        trainee = Trainee(id=row["trainee_id"], name=row["name"])
        trainee.township = _unit(row["tw_id"], row["township"])
        pairing = Mentorship(trainee_id=trainee.pk)
        pairing.trainee = trainee
        pairing.mentor = Mentor(id=row["mentor_id"], name=row["mentor"])
        feedback = MonthlyFeedback(
            id=row["id"], month=row["month"], attention_reason=row["attention_reason"]
        )
        feedback.mentorship = pairing
        records.append(feedback)
    return "mentors/flagged_list.html", {
        "page": _page(records, number, rows[0]["total"]),
        "query": "",
    }


# --- Rotation timeline and coverage --------------------------------------------------------


def _overview_sql(user, *, limit: int, paged: bool) -> str:
    """Trainees in training in the viewer's scope with their rotations (JSON), the filter's
    choices and the rules: what the timeline and the coverage list show."""
    offset = " OFFSET %(offset)s" if paged else ""
    return f"""
      WITH scope AS (
        SELECT t.* FROM cadets_trainee t WHERE t.status = 'training' AND {_scope(user)})
      SELECT s.id, s.name, s.reported_on, s.training_ends_on, s.cohort_id, co.name AS cohort,
             tw.id AS tw_id, tw.name AS township,
             (SELECT json_agg(json_build_object(
                 'id', r.id, 'starts_on', r.starts_on, 'ends_on', r.ends_on,
                 'post_id', p.id, 'post', p.name, 'village', v.name, 'village_id', v.id,
                 'category_id', p.category_id) ORDER BY r.starts_on, r.id)
                FROM rotations_rotation r JOIN rotations_post p ON p.id = r.post_id
                LEFT JOIN accounts_orgunit v ON v.id = p.village_id
               WHERE r.trainee_id = s.id) AS rotations,
             {VIEWER_COLUMNS},
             {"(SELECT COUNT(*) FROM scope)" if paged else "0"} AS total,
             (SELECT json_agg(json_build_array(id, name) ORDER BY year DESC)
                FROM cadets_cohort) AS cohorts,
             (SELECT json_agg(json_build_object('id', c.id, 'name', c.name,
                 'is_village', c.is_village, 'colour', c.colour, 'is_active', c.is_active,
                 'required', EXISTS (SELECT 1 FROM rotations_rotationrules_required_categories q
                   WHERE q.postcategory_id = c.id AND q.rotationrules_id =
                     (SELECT MIN(id) FROM rotations_rotationrules)))
                 ORDER BY c.sort_order, c.id) FROM rotations_postcategory c) AS categories,
             (SELECT row_to_json(x) FROM (SELECT id, min_months_per_post, max_months_per_post,
                 village_max_months FROM rotations_rotationrules ORDER BY id LIMIT 1) x) AS rules,
             (SELECT json_agg(json_build_array(u.id, u.name) ORDER BY u.code)
                FROM accounts_orgunit u WHERE u.kind = 'township' AND
                {"u.parent_id = %(unit)s" if user.org_unit.kind == "county" else "FALSE"}
                ) AS townships
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (SELECT * FROM scope ORDER BY township_id, reported_on, name, id
                            LIMIT {limit}{offset}) s ON TRUE
        LEFT JOIN cadets_cohort co ON co.id = s.cohort_id
        LEFT JOIN accounts_orgunit tw ON tw.id = s.township_id
       ORDER BY tw.code, s.reported_on, s.name, s.id"""


def _overview(request, rows):
    from cadets.models import Cohort, Trainee
    from rotations.models import Post, PostCategory, Rotation, RotationRules
    from rotations.selectors import RuleSet

    head = rows[0]
    _viewer(request, head)
    categories = {
        c["id"]: PostCategory(
            id=c["id"],
            name=c["name"],
            is_village=c["is_village"],
            colour=c["colour"],
            is_active=c["is_active"],
        )
        for c in head["categories"] or []
    }
    required = [categories[c["id"]] for c in head["categories"] or [] if c["required"]]
    rules = RuleSet(rules=RotationRules(**head["rules"]), categories=categories, required=required)
    trainees = []
    for row in rows:
        if row["id"] is None:
            continue
        trainee = Trainee(
            id=row["id"],
            name=row["name"],
            reported_on=row["reported_on"],
            training_ends_on=row["training_ends_on"],
        )
        trainee.cohort = Cohort(id=row["cohort_id"], name=row["cohort"])
        trainee.township = _unit(row["tw_id"], row["township"])
        rotations = []
        for r in row["rotations"] or []:
            post = Post(id=r["post_id"], name=r["post"], category_id=r["category_id"])
            post.category = categories[r["category_id"]]
            post.village = _unit(r["village_id"], r["village"])
            rotation = Rotation(
                id=r["id"], starts_on=_date(r["starts_on"]), ends_on=_date(r["ends_on"])
            )
            rotation.post = post
            rotations.append(rotation)
        trainee._prefetched_objects_cache = {"rotations": _Prefetched(rotations)}
        trainees.append(trainee)
    return head, rules, trainees


class _Prefetched(list):
    """Stands in for a prefetched related manager: `.all()` gives the list."""

    def all(self):
        return self


def _overview_filter(request, filter_class, head):
    from cadets.models import Trainee

    trainee_filter = filter_class(request.GET, queryset=Trainee.objects.none(), user=request.user)
    form = trainee_filter.form
    _choices(form.fields["township"], head["townships"])
    _choices(form.fields["cohort"], head["cohorts"])
    if "lacking" in form.fields:
        _choices(form.fields["lacking"], [(c["id"], c["name"]) for c in head["categories"] or []])
    return trainee_filter


def timeline(subjects, request):
    from rotations.forms import TimelineFilter
    from rotations.selectors import timeline as build_timeline
    from rotations.views import TIMELINE_PAGE_SIZE

    number = _page_number(request)
    rows = _fetch(
        _overview_sql(request.user, limit=TIMELINE_PAGE_SIZE, paged=True),
        _params(request, offset=(number - 1) * TIMELINE_PAGE_SIZE),
    )
    head, rules, trainees = _overview(request, rows)
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return "rotations/timeline.html", {
        "filter": _overview_filter(request, TimelineFilter, head),
        "page": _page(trainees, number, head["total"], TIMELINE_PAGE_SIZE),
        "timeline": build_timeline(trainees, today),
        "categories": [c for c in rules.categories.values() if c.is_active],
        "today": today,
        "query": query.urlencode(),
    }


def coverage(subjects, request):
    from rotations.forms import CoverageFilter
    from rotations.selectors import coverage_rows

    number = _page_number(request)
    rows = _fetch(
        _overview_sql(request.user, limit=PAGE_SIZE, paged=True),
        _params(request, offset=(number - 1) * PAGE_SIZE),
    )
    head, rules, trainees = _overview(request, rows)
    query = request.GET.copy()
    query.pop("page", None)
    return "rotations/coverage_list.html", {
        "filter": _overview_filter(request, CoverageFilter, head),
        "page": _page(trainees, number, head["total"]),
        "rows": coverage_rows(trainees, rules, timezone.localdate()),
        "required": rules.required,
        "query": query.urlencode(),
    }


# --- Assessment cycle ----------------------------------------------------------------------


def cycle_detail(subjects, request):
    from assessments import scoring
    from assessments.forms import ConfirmForm, NoticeForm
    from assessments.models import (
        Assessment,
        AssessmentCycle,
        AssessmentTemplate,
        Grade,
        RaterAssignment,
    )
    from assessments.selectors import LiveResult
    from cadets.models import Trainee

    user = request.user
    cycle_id = subjects.cycle_id
    sql = f"""
      SELECT c.*, j.name AS jurisdiction_name, row_to_json(tp) AS template,
             (SELECT json_object_agg(d.code, d.weight) FROM assessments_dimension d
               WHERE d.template_id = c.template_id) AS dimensions,
             (SELECT COUNT(*) FROM assessments_assessment WHERE cycle_id = c.id) AS n,
             (SELECT COUNT(*) FROM assessments_assessment
               WHERE cycle_id = c.id AND grade = 'excellent') AS taken,
             {VIEWER_COLUMNS},
             (SELECT COUNT(*) FROM assessments_assessment a
                JOIN cadets_trainee t ON t.id = a.trainee_id
               WHERE a.cycle_id = c.id AND {_scope(user)}) AS total,
             EXISTS (SELECT 1 FROM accounts_orgunit u
                      WHERE u.id = c.jurisdiction_id AND {_units_scope(user)}) AS is_own,
             (SELECT json_agg(json_build_object(
                 'id', a.id, 'grade', a.grade, 'score', a.score,
                 'staff_comment', a.staff_comment, 'acknowledged_at', a.acknowledged_at,
                 'objection', a.objection, 'probation_decision', a.probation_decision,
                 'trainee_id', t.id, 'name', t.name, 'tw_id', tw.id, 'township', tw.name,
                 'raters', (SELECT json_agg(json_build_object(
                     'kind', ra.kind, 'submitted', ra.submitted_at IS NOT NULL,
                     'scores', (SELECT json_object_agg(d.code, s.score)
                                  FROM assessments_dimensionscore s
                                  JOIN assessments_dimension d ON d.id = s.dimension_id
                                 WHERE s.assignment_id = ra.id)))
                   FROM assessments_raterassignment ra WHERE ra.assessment_id = a.id),
                 'votes', (SELECT json_object_agg(grade, votes) FROM assessments_democratictally
                            WHERE assessment_id = a.id),
                 'issued', (SELECT SUM(issued) FROM assessments_ballotbatch
                             WHERE assessment_id = a.id))
                 ORDER BY t.name, a.id)
                FROM (SELECT a.* FROM assessments_assessment a
                        JOIN cadets_trainee t ON t.id = a.trainee_id
                       WHERE a.cycle_id = c.id AND {_scope(user)}
                       ORDER BY t.name, a.id LIMIT {PAGE_SIZE} OFFSET %(offset)s) a
                JOIN cadets_trainee t ON t.id = a.trainee_id
                JOIN accounts_orgunit tw ON tw.id = t.township_id) AS assessments
        FROM assessments_assessmentcycle c
        JOIN accounts_orgunit j ON j.id = c.jurisdiction_id
        JOIN assessments_assessmenttemplate tp ON tp.id = c.template_id
       WHERE c.id = %(cycle)s"""
    number = _page_number(request)
    row = _one(sql, _params(request, cycle=cycle_id, offset=(number - 1) * PAGE_SIZE))
    _viewer(request, row)
    fields = {f.attname for f in AssessmentCycle._meta.concrete_fields}
    cycle = AssessmentCycle(**{k: v for k, v in row.items() if k in fields})
    cycle.jurisdiction = _unit(row["jurisdiction_id"], row["jurisdiction_name"])
    cycle.owner_checked = (user.pk, row["is_own"])  # the close-cycle rule asks no query
    template_fields = {f.attname for f in AssessmentTemplate._meta.concrete_fields}
    template = AssessmentTemplate(
        **{k: v for k, v in row["template"].items() if k in template_fields}
    )
    for name in ("excellent_min", "competent_min", "basic_min"):
        setattr(template, name, Decimal(str(getattr(template, name))))
    cycle.template = template
    weights = row["dimensions"] or {}
    grade_labels = dict(Grade.choices)
    probation = cycle.kind == AssessmentCycle.Kind.PROBATION
    rows = []
    for a in row["assessments"] or []:
        trainee = Trainee(id=a["trainee_id"], name=a["name"])
        trainee.township = _unit(a["tw_id"], a["township"])
        assessment = Assessment(
            id=a["id"],
            grade=a["grade"],
            score=a["score"],
            staff_comment=a["staff_comment"],
            acknowledged_at=_datetime(a["acknowledged_at"]),
            objection=a["objection"],
            probation_decision=a["probation_decision"],
            trainee_id=trainee.pk,
            cycle_id=cycle.pk,
        )
        assessment.trainee = trainee
        rater_scores: dict[str, list[Decimal]] = {}
        raters = a["raters"] or []
        for r in raters:
            scores = {k: Decimal(str(v)) for k, v in (r["scores"] or {}).items()}
            if r["submitted"] and set(scores) >= set(weights):
                rater_scores.setdefault(r["kind"], []).append(scoring.rater_score(scores, weights))
        votes = a["votes"] or {}
        issued = a["issued"] or 0
        democratic = scoring.democratic_score(
            votes, template.ballot_scores(), issued=issued, min_turnout_percent=template.min_turnout
        )
        total = scoring.total_score(
            group_weights=template.group_weights(), rater_scores=rater_scores, democratic=democratic
        )
        result = LiveResult(
            score=total.total,
            proposed=scoring.proposed_grade(total.total, template.grade_floors()),
            groups=total.groups,
            submitted=sum(1 for r in raters if r["submitted"]),
            assigned=len(raters),
            issued=issued,
            votes=votes,
            assignments=[RaterAssignment(kind=r["kind"]) for r in raters],
        )
        rows.append(
            {
                "assessment": assessment,
                "result": result,
                "proposed": grade_labels.get(result.proposed, ""),
                "prefix": f"a{a['id']}",
                "grade": a["grade"] or result.proposed or Grade.COMPETENT,
                "decision": a["probation_decision"] or Assessment.ProbationDecision.CONFIRMED,
            }
        )
    n = row["n"]
    return "assessments/cycle_detail.html", {
        "cycle": cycle,
        "rows": rows,
        "quota": {
            "n": n,
            "allowed": scoring.excellent_quota(n, cycle.excellent_quota),
            "taken": row["taken"],
        },
        "can_close": user.has_perm("assessments.close_cycle", cycle),
        "notice_form": NoticeForm(),
        "page": _page(rows, number, row["total"]),
        "query": "",
        "probation": probation,
        "grade_choices": Grade.choices,
        "decision_choices": ConfirmForm.DECISION_CHOICES,
    }


# --- Talent pool ---------------------------------------------------------------------------


def talent_pool(subjects, request):
    from assessments.filters import TalentPoolFilter
    from assessments.models import Assessment, AssessmentCycle, Outcome
    from cadets.models import Cohort, Trainee

    user = request.user
    number = _page_number(request)
    sql = f"""
      WITH scope AS (
        SELECT t.* FROM cadets_trainee t WHERE {_scope(user)} AND t.id IN (
          SELECT trainee_id FROM assessments_outcome WHERE kind = 'talent_pool'))
      SELECT s.id, s.name, s.major, co.id AS cohort_id, co.name AS cohort, k.id AS county_id,
             k.name AS county,
             (SELECT json_agg(json_build_array(o.pool, o.decided_on) ORDER BY o.decided_on DESC,
                 o.id) FROM assessments_outcome o
               WHERE o.trainee_id = s.id AND o.kind = 'talent_pool') AS pools,
             (SELECT json_agg(json_build_array(a.grade, c.name, c.period_end)
                 ORDER BY c.period_end) FROM assessments_assessment a
                JOIN assessments_assessmentcycle c ON c.id = a.cycle_id
               WHERE a.trainee_id = s.id AND a.grade <> '') AS graded,
             {VIEWER_COLUMNS},
             (SELECT COUNT(*) FROM scope) AS total,
             (SELECT json_agg(json_build_array(id, name) ORDER BY year DESC)
                FROM cadets_cohort) AS cohorts
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (SELECT scope.* FROM scope JOIN cadets_cohort c ON c.id = cohort_id
                            ORDER BY c.year, scope.name, scope.id
                            LIMIT {PAGE_SIZE} OFFSET %(offset)s) s ON TRUE
        LEFT JOIN cadets_cohort co ON co.id = s.cohort_id
        LEFT JOIN accounts_orgunit k ON k.id = s.county_id
       ORDER BY co.year, s.name, s.id"""
    rows = _fetch(sql, _params(request, offset=(number - 1) * PAGE_SIZE))
    head = rows[0]
    _viewer(request, head)
    trainees = []
    for row in rows:
        if row["id"] is None:
            continue
        trainee = Trainee(id=row["id"], name=row["name"], major=row["major"])
        trainee.cohort = Cohort(id=row["cohort_id"], name=row["cohort"])
        trainee.county = _unit(row["county_id"], row["county"])
        trainee.pools = [
            Outcome(pool=pool, decided_on=_date(day)) for pool, day in row["pools"] or []
        ]
        graded = []
        for grade, name, end in row["graded"] or []:
            assessment = Assessment(grade=grade)
            assessment.cycle = AssessmentCycle(name=name, period_end=_date(end))
            graded.append(assessment)
        trainee.graded = graded
        trainees.append(trainee)
    pool_filter = TalentPoolFilter(request.GET, queryset=Trainee.objects.none())
    _choices(pool_filter.form.fields["cohort"], head["cohorts"])
    query = request.GET.copy()
    query.pop("page", None)
    return "assessments/talent_pool.html", {
        "filter": pool_filter,
        "page": _page(trainees, number, head["total"]),
        "query": query.urlencode(),
    }


# --- Notifications -------------------------------------------------------------------------


def notification_list(subjects, request):
    from notifications.models import Notification

    number = _page_number(request)
    sql = f"""
      SELECT n.id, n.title, n.due_on, n.overdue_since, n.escalation_level, n.created_at,
             n.read_at, {VIEWER_COLUMNS},
             (SELECT COUNT(*) FROM notifications_notification
               WHERE recipient_id = %(viewer)s) AS total
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (SELECT * FROM notifications_notification
                            WHERE recipient_id = %(viewer)s ORDER BY created_at DESC, id DESC
                            LIMIT {PAGE_SIZE} OFFSET %(offset)s) n ON TRUE
       ORDER BY n.created_at DESC, n.id DESC"""
    rows = _fetch(sql, _params(request, offset=(number - 1) * PAGE_SIZE))
    _viewer(request, rows[0])
    fields = {"id", "title", "due_on", "overdue_since", "escalation_level", "created_at", "read_at"}
    items = [Notification(**{k: row[k] for k in fields}) for row in rows if row["id"] is not None]
    query = request.GET.copy()
    query.pop("page", None)
    return "notifications/notification_list.html", {
        "page": _page(items, number, rows[0]["total"]),
        "query": query.urlencode(),
        "show": "",
    }


# --- Trainee detail and growth file --------------------------------------------------------
#
# Every section's rows as a JSON array of objects (a row's columns, with its joined rows nested
# under the relation's name), turned into model instances by `_model` and handed to the same
# code that builds the page's context from the ORM's rows (cadets.panels.panels_from,
# office.documents.growth_file_from_rows).


def _rows(obj: str, source: str, order: str, limit: int | None = None) -> str:
    """A JSON array of `obj` (a jsonb expression) over `source` (FROM … WHERE …), in order."""
    cut = f" LIMIT {limit}" if limit else ""
    return (
        f"(SELECT COALESCE(json_agg(o), '[]') FROM (SELECT {obj} AS o FROM {source}"
        f" ORDER BY {order}{cut}) s)"
    )


def _nest(alias: str, **related: str) -> str:
    """`alias`'s row as jsonb with `related` (name → jsonb expression) nested in it."""
    pairs = ", ".join(f"'{name}', {expr}" for name, expr in related.items())
    return (
        f"(to_jsonb({alias}) || jsonb_build_object({pairs}))" if related else f"to_jsonb({alias})"
    )


TRAINEE_SQL = _nest(
    "t",
    cohort="to_jsonb(co)",
    county="to_jsonb(k)",
    township="to_jsonb(tw)",
    village="to_jsonb(v)",
)
TRAINEE_FROM = """cadets_trainee t JOIN cadets_cohort co ON co.id = t.cohort_id
        JOIN accounts_orgunit k ON k.id = t.county_id
        JOIN accounts_orgunit tw ON tw.id = t.township_id
        LEFT JOIN accounts_orgunit v ON v.id = t.village_id"""
CATEGORIES_SQL = _rows(
    _nest(
        "c",
        rules_id="rr.id",
        required="EXISTS (SELECT 1 FROM rotations_rotationrules_required_categories q"
        " WHERE q.postcategory_id = c.id AND q.rotationrules_id = rr.id)",
        rules_min_months_per_post="rr.min_months_per_post",
        rules_max_months_per_post="rr.max_months_per_post",
        rules_village_max_months="rr.village_max_months",
    ),
    "rotations_postcategory c LEFT JOIN (SELECT * FROM rotations_rotationrules ORDER BY id"
    " LIMIT 1) rr ON TRUE",
    "c.sort_order, c.id",
)
LABELS_SQL = _rows("jsonb_build_object('code', code, 'name', name)", "mentors_mentortype", "id")


def _rotations_sql(order: str, township: bool = False) -> str:
    post = {"category": "to_jsonb(pc)", "village": "to_jsonb(pv)"}
    if township:
        post["township"] = "to_jsonb(pt)"
    return _rows(
        _nest("r", post=_nest("p", **post)),
        "rotations_rotation r JOIN rotations_post p ON p.id = r.post_id"
        " JOIN rotations_postcategory pc ON pc.id = p.category_id"
        " LEFT JOIN accounts_orgunit pv ON pv.id = p.village_id"
        " JOIN accounts_orgunit pt ON pt.id = p.township_id WHERE r.trainee_id = t.id",
        order,
    )


def _pairings_sql(order: str) -> str:
    return _rows(
        _nest("ms", mentor=_nest("m", unit="to_jsonb(mu)")),
        "mentors_mentorship ms JOIN mentors_mentor m ON m.id = ms.mentor_id"
        " JOIN accounts_orgunit mu ON mu.id = m.unit_id WHERE ms.trainee_id = t.id",
        order,
    )


def _feedback_sql(order: str, limit: int | None = None) -> str:
    return _rows(
        _nest("f", mentorship=_nest("fm", mentor="to_jsonb(fmm)")),
        "mentors_monthlyfeedback f JOIN mentors_mentorship fm ON fm.id = f.mentorship_id"
        " JOIN mentors_mentor fmm ON fmm.id = fm.mentor_id"
        " WHERE fm.trainee_id = t.id AND f.status = 'submitted'",
        order,
        limit,
    )


def _assessments_sql(order: str) -> str:
    return _rows(
        _nest("a", cycle="to_jsonb(ac)"),
        "assessments_assessment a JOIN assessments_assessmentcycle ac ON ac.id = a.cycle_id"
        " WHERE a.trainee_id = t.id",
        order,
    )


def _trainee_and_rows(request, subjects, columns: dict[str, str]) -> tuple:
    from cadets.models import Trainee

    sql = f"""
      SELECT {TRAINEE_SQL} AS trainee, {VIEWER_COLUMNS},
             {", ".join(f"{expr} AS {name}" for name, expr in columns.items())}
        FROM {TRAINEE_FROM}
       WHERE t.id = %(trainee)s AND {_scope(request.user)}"""
    row = _one(sql, _params(request, trainee=subjects.trainee_id, year=timezone.localdate().year))
    _viewer(request, row)
    return _model(Trainee, json.loads(row["trainee"])), row  # jsonb comes back as text


def trainee_detail(subjects, request):
    from assessments.models import Assessment, Outcome
    from cadets import selectors
    from cadets.models import (
        LeaveRequest,
        Trainee,
        TrainingPlan,
        WorkReport,
    )
    from cadets.panels import panel_querysets, panels_from
    from mentors.models import Mentorship, MonthlyFeedback, TalkRecord
    from rotations.models import KeyTask, PostCategory, Rotation

    history_model = Trainee.history.model
    trainee, row = _trainee_and_rows(
        request,
        subjects,
        {
            "plans": _rows(
                _nest(
                    "p",
                    approved_by="to_jsonb(pu)",
                    milestones_due="(SELECT COUNT(*) FROM cadets_planmilestone pm"
                    " WHERE pm.plan_id = p.id AND pm.done_on IS NULL)",
                ),
                "cadets_trainingplan p LEFT JOIN accounts_user pu ON pu.id = p.approved_by_id"
                " WHERE p.trainee_id = t.id",
                "p.version DESC",
            ),
            "rotations": _rotations_sql("r.starts_on"),
            "categories": CATEGORIES_SQL,
            "labels": LABELS_SQL,
            "pairings": _pairings_sql("ms.ends_on, ms.is_primary DESC, ms.starts_on"),
            "tasks": _rows(
                "to_jsonb(kt)",
                "rotations_keytask kt WHERE kt.trainee_id = t.id",
                "kt.starts_on DESC, kt.id",
            ),
            "records": _feedback_sql("f.month DESC, f.id", 12),
            "leave": _rows(
                "to_jsonb(l)",
                "cadets_leaverequest l WHERE l.trainee_id = t.id",
                "l.starts_on DESC, l.id DESC",
                8,
            ),
            "days": "(SELECT SUM(days) FROM cadets_leaverequest WHERE trainee_id = t.id"
            " AND status IN ('approved', 'returned')"
            " AND EXTRACT(year FROM starts_on) = %(year)s)",
            "reports": _rows(
                "to_jsonb(w)",
                "cadets_workreport w WHERE w.trainee_id = t.id",
                "w.period DESC, w.id DESC",
                8,
            ),
            "assessments": _assessments_sql("ac.period_end DESC, a.id DESC"),
            "outcomes": _rows(
                "to_jsonb(o)",
                "assessments_outcome o WHERE o.trainee_id = t.id",
                "o.decided_on DESC",
            ),
            "talks": _rows(
                _nest("tr", author="to_jsonb(ta)"),
                "mentors_talkrecord tr LEFT JOIN accounts_user ta ON ta.id = tr.author_id"
                " WHERE tr.trainee_id = t.id",
                "tr.held_on DESC, tr.id DESC",
                10,
            ),
            "history": _rows(
                _nest("h", history_user="to_jsonb(hu)"),
                f"{history_model._meta.db_table} h LEFT JOIN accounts_user hu"
                " ON hu.id = h.history_user_id WHERE h.id = t.id",
                "h.history_date DESC, h.history_id DESC",
                selectors.HISTORY_LIMIT + 1,
            ),
        },
    )
    models = {
        "plans": TrainingPlan,
        "rotations": Rotation,
        "categories": PostCategory,
        "pairings": Mentorship,
        "tasks": KeyTask,
        "records": MonthlyFeedback,
        "leave": LeaveRequest,
        "reports": WorkReport,
        "assessments": Assessment,
        "outcomes": Outcome,
        "talks": TalkRecord,
        "history": history_model,
    }
    user = request.user
    can_see_history = user.has_perm("cadets.change_trainee", trainee)
    fetched = {}
    for key in panel_querysets(request, trainee, also={"history": None}):
        name = key.split(".", 1)[1]
        if name == "labels":
            fetched[key] = row["labels"]
        elif name == "days":
            fetched[key] = [{"total": row["days"]}] if row["days"] is not None else []
        else:
            fetched[key] = [_model(models[name], item) for item in row[name]]
    panels, page_rows = panels_from(request, trainee, fetched)
    return "cadets/trainee_detail.html", {
        "trainee": trainee,
        "history": selectors.trainee_history(trainee, page_rows["history"])
        if can_see_history
        else None,
        "can_edit": user.has_perm("cadets.change_trainee", trainee),
        "panels": panels,
    }


def growth_file(subjects, request):
    from assessments.models import Assessment, Outcome
    from cadets.models import LeaveRequest, PlanMilestone, TrainingPlan
    from mentors.models import Mentorship, MonthlyFeedback
    from office.documents import growth_file_from_rows
    from rotations.models import KeyTask, PostCategory, Rotation

    trainee, row = _trainee_and_rows(
        request,
        subjects,
        {
            "plans": _rows(
                _nest("p", approved_by="to_jsonb(pu)"),
                "cadets_trainingplan p LEFT JOIN accounts_user pu ON pu.id = p.approved_by_id"
                " WHERE p.trainee_id = t.id",
                "p.version DESC",
            ),
            "milestones": _rows(
                "to_jsonb(pm)",
                "cadets_planmilestone pm JOIN cadets_trainingplan mp ON mp.id = pm.plan_id"
                " WHERE mp.trainee_id = t.id",
                "pm.due_on, pm.id",
            ),
            "rotations": _rotations_sql("r.starts_on, r.id", township=True),
            "categories": CATEGORIES_SQL,
            "tasks": _rows(
                "to_jsonb(kt)", "rotations_keytask kt WHERE kt.trainee_id = t.id", "kt.starts_on"
            ),
            "mentorships": _pairings_sql("ms.starts_on, ms.id"),
            "labels": LABELS_SQL,
            "feedback": _feedback_sql("f.month, f.id"),
            "leave": _rows(
                "to_jsonb(l)",
                "cadets_leaverequest l WHERE l.trainee_id = t.id",
                "l.starts_on, l.id",
            ),
            "assessments": _assessments_sql("ac.period_end, a.id"),
            "outcomes": _rows(
                "to_jsonb(o)", "assessments_outcome o WHERE o.trainee_id = t.id", "o.decided_on"
            ),
        },
    )
    models = {
        "plans": TrainingPlan,
        "milestones": PlanMilestone,
        "rotations": Rotation,
        "categories": PostCategory,
        "tasks": KeyTask,
        "mentorships": Mentorship,
        "feedback": MonthlyFeedback,
        "leave": LeaveRequest,
        "assessments": Assessment,
        "outcomes": Outcome,
    }
    rows = {name: [_model(model, item) for item in row[name]] for name, model in models.items()}
    rows["labels"] = row["labels"]
    context = growth_file_from_rows(trainee, rows, timezone.localdate())
    return "office/documents/growth_file.html", {**context, "pdf": False}


def _model(model, data: dict):
    """A model instance from a row as JSON: columns by name, joined rows nested by relation
    name, anything else (annotations) set as attributes. Values go through the fields'
    `to_python` and `from_db_value`, as the ORM's would (encrypted fields open)."""
    from django.db.models import DecimalField, ForeignKey, JSONField

    names, values, related, extra = [], [], {}, {}
    fields = {f.attname: f for f in model._meta.concrete_fields}
    for key, value in data.items():
        field = fields.get(key)
        if field is None:
            target = related if isinstance(value, dict) else extra
            target[key] = value
            continue
        if isinstance(value, float) and isinstance(field, DecimalField):
            value = Decimal(str(value))  # as the column holds it, not rounded to the field's
        elif value is not None and not isinstance(field, JSONField):
            value = field.to_python(value)
            if hasattr(field, "from_db_value") and not isinstance(field, ForeignKey):
                value = field.from_db_value(value, None, connection)
        names.append(key)
        values.append(value)
    obj = model(**dict(zip(names, values, strict=True)))
    obj._state.adding = False
    obj._state.db = "default"
    for key, value in related.items():
        setattr(obj, key, _model(model._meta.get_field(key).related_model, value))
    for key, value in extra.items():
        try:
            field = model._meta.get_field(key)
        except Exception:  # noqa: BLE001 -- not a field: an annotation
            field = None
        if field is not None and field.is_relation:
            obj._state.fields_cache[key] = None  # a missing joined row: no query to find out
        else:
            setattr(obj, key, value)
    return obj


# --- Dashboard -----------------------------------------------------------------------------


def dashboard(subjects, request):
    """Every section's figures counted in one statement — trainees by area × cohort × status,
    coverage per required category and the trainees with a coverage warning (office.dashboard's
    WARNED_SQL), the heat map's counts per mentor × township and month, flagged records,
    the latest cycles' grades, leave — then built and rendered as the page does (the
    builders of office.dashboard, which ask no query). The due and overdue items are not part
    of the page: it asks for them once shown (office:dashboard_due)."""
    from assessments.models import AssessmentCycle
    from cadets.models import LeaveRequest, Trainee
    from mentors.models import Mentor, MentoringConfig, Mentorship, MonthlyFeedback, next_month
    from office import dashboard as board
    from rotations.models import PostCategory

    user = request.user
    today = timezone.localdate()
    months = board.last_months(today)
    area = board.area_field(user)
    per_month = []
    params = _params(request, today=today, first=months[0])
    params["window_end"] = next_month(months[-1]) - dt.timedelta(days=1)
    for i, month in enumerate(months):
        params[f"m{i}"], params[f"n{i}"] = month, next_month(month)
        covers = f"ms.starts_on < %(n{i})s AND (ms.ends_on IS NULL OR ms.ends_on >= %(m{i})s)"
        per_month.append(
            f'COUNT(DISTINCT ms.id) FILTER (WHERE {covers}) AS "paired{i}", '
            f'COUNT(f.id) FILTER (WHERE {covers} AND f.month = %(m{i})s) AS "done{i}"'
        )
    trainees_sql = (
        "SELECT t.id, t.reported_on, t.training_ends_on FROM cadets_trainee t"
        f" WHERE t.status = 'training' AND {_scope(user)}"
    )
    warned_sql = board.WARNED_SQL.format(trainees=trainees_sql).replace("%s", "%(today)s")
    if user.is_superuser:
        cycle_scope = "TRUE"
    else:
        cycle_scope = (
            "(c.jurisdiction_id IN (SELECT u.id FROM accounts_orgunit u"
            f" WHERE {_units_scope(user)}) OR EXISTS (SELECT 1 FROM assessments_assessment a"
            " JOIN scope t ON t.id = a.trainee_id WHERE a.cycle_id = c.id))"
        )
    sql = f"""
      WITH scope AS MATERIALIZED (SELECT t.* FROM cadets_trainee t WHERE {_scope(user)}),
           rules AS (SELECT id FROM rotations_rotationrules ORDER BY id LIMIT 1)
      SELECT {VIEWER_COLUMNS},
        (SELECT json_agg(x) FROM (
           SELECT t.{area}_id AS "{area}_id", a.name AS "{area}__name", a.code AS "{area}__code",
                  t.cohort_id, co.name AS cohort__name, co.year AS cohort__year, t.status,
                  COUNT(*) AS n
             FROM scope t LEFT JOIN accounts_orgunit a ON a.id = t.{area}_id
             JOIN cadets_cohort co ON co.id = t.cohort_id
            GROUP BY 1, 2, 3, 4, 5, 6, 7) x) AS trainees,
        (SELECT json_agg(json_build_array(c.id, c.name) ORDER BY c.sort_order, c.id)
           FROM rotations_postcategory c
          WHERE c.id IN (SELECT rc.postcategory_id
                           FROM rotations_rotationrules_required_categories rc
                          WHERE rc.rotationrules_id = (SELECT id FROM rules))) AS required,
        (SELECT json_object_agg(category_id, n) FROM (
           SELECT p.category_id, COUNT(DISTINCT r.trainee_id) AS n
             FROM rotations_rotation r JOIN scope t ON t.id = r.trainee_id
             JOIN rotations_post p ON p.id = r.post_id
            WHERE t.status = 'training' AND (r.starts_on <= %(today)s OR r.ends_on < %(today)s)
            GROUP BY p.category_id) x) AS started,
        (SELECT COUNT(*) FROM ({warned_sql}) w) AS warned,
        (SELECT row_to_json(mc) FROM (SELECT * FROM mentors_mentoringconfig ORDER BY id LIMIT 1) mc)
          AS mentoring,
        (SELECT json_agg(x) FROM (
           SELECT ms.mentor_id, m.name AS mentor__name, t.township_id AS trainee__township_id,
                  tw.name AS trainee__township__name,
                  {
        "TRUE"
        if user.is_superuser
        else f"m.unit_id IN (SELECT u.id FROM accounts_orgunit u WHERE {_units_scope(user)})"
    }
                    AS mentor_linkable,
                  {", ".join(per_month)}
             FROM mentors_mentorship ms JOIN scope t ON t.id = ms.trainee_id
             JOIN mentors_mentor m ON m.id = ms.mentor_id
             JOIN accounts_orgunit tw ON tw.id = t.township_id
             LEFT JOIN mentors_monthlyfeedback f ON f.mentorship_id = ms.id
                   AND f.month >= %(first)s AND f.status = 'submitted'
            WHERE (ms.ends_on IS NULL OR ms.ends_on >= %(first)s)
              AND ms.starts_on <= %(window_end)s
            GROUP BY 1, 2, 3, 4, 5) x) AS heat,
        (SELECT json_agg(x) FROM (
           SELECT f.id, f.month, f.attention_reason, t.name AS trainee, tw.name AS township,
                  m.name AS mentor
             FROM mentors_monthlyfeedback f JOIN mentors_mentorship ms ON ms.id = f.mentorship_id
             JOIN scope t ON t.id = ms.trainee_id
             JOIN accounts_orgunit tw ON tw.id = t.township_id
             JOIN mentors_mentor m ON m.id = ms.mentor_id
            WHERE f.needs_attention AND f.status = 'submitted' AND f.month >= %(first)s
            ORDER BY f.month DESC, f.submitted_at DESC, f.id DESC LIMIT {board.LIST_LIMIT}) x)
          AS flagged,
        (SELECT COUNT(*) FROM mentors_monthlyfeedback f
           JOIN mentors_mentorship ms ON ms.id = f.mentorship_id
           JOIN scope t ON t.id = ms.trainee_id
          WHERE f.needs_attention AND f.status = 'submitted' AND f.month >= %(first)s)
          AS flagged_count,
        (SELECT json_agg(x) FROM (
           SELECT c.id, c.name, c.excellent_quota,
                  (SELECT json_object_agg(g.grade, g.n) FROM (
                     SELECT a.grade, COUNT(*) AS n FROM assessments_assessment a
                       JOIN scope t ON t.id = a.trainee_id
                      WHERE a.cycle_id = c.id GROUP BY a.grade) g) AS graded
             FROM assessments_assessmentcycle c WHERE {cycle_scope}
            ORDER BY c.period_end DESC, c.id DESC LIMIT {board.CYCLES_SHOWN}) x) AS cycles,
        (SELECT json_agg(x) FROM (
           SELECT l.id, l.kind, l.starts_on, l.ends_on, t.name AS trainee
             FROM cadets_leaverequest l JOIN scope t ON t.id = l.trainee_id
            WHERE l.status = 'approved' AND l.starts_on <= %(today)s
            ORDER BY l.ends_on, l.id LIMIT {board.LIST_LIMIT}) x) AS away,
        (SELECT json_agg(x) FROM (
           SELECT l.status, COUNT(*) AS n, COUNT(*) FILTER (WHERE l.ends_on < %(today)s) AS late
             FROM cadets_leaverequest l JOIN scope t ON t.id = l.trainee_id
            WHERE l.status = 'pending' OR (l.status = 'approved' AND l.starts_on <= %(today)s)
            GROUP BY l.status) x) AS leave_counts"""
    row = _one(sql, params)
    _viewer(request, row)
    counts = board.trainee_counts(user, row["trainees"] or [])
    required = [PostCategory(id=pk, name=name) for pk, name in row["required"] or []]
    config = MentoringConfig(**row["mentoring"])
    feedback = board.heat_map(row["heat"] or [], months, config, today)
    feedback.flagged = []
    for f in row["flagged"] or []:
        record = MonthlyFeedback(id=f["id"], month=_date(f["month"]),
                                 attention_reason=f["attention_reason"])  # fmt: skip
        trainee = Trainee(name=f["trainee"])
        trainee.township = OrgUnit(name=f["township"])
        pairing = Mentorship(trainee=trainee)
        pairing.mentor = Mentor(name=f["mentor"])
        record.mentorship = pairing
        feedback.flagged.append(record)
    feedback.flagged_count = row["flagged_count"]
    cycles = []
    for c in row["cycles"] or []:
        cycle = AssessmentCycle(id=c["id"], name=c["name"], excellent_quota=c["excellent_quota"])
        graded = c["graded"] or {}
        for grade in ["", *board.Grade.values]:
            setattr(cycle, f"graded_{grade}", graded.get(grade, 0))
        cycles.append(cycle)
    away = []
    for item in row["away"] or []:
        leave = LeaveRequest(id=item["id"], kind=item["kind"], starts_on=_date(item["starts_on"]),
                             ends_on=_date(item["ends_on"]))  # fmt: skip
        leave.trainee = Trainee(name=item["trainee"])
        away.append(leave)
    training = counts["by_status_value"].get(Trainee.Status.TRAINING, 0)
    started = {int(k): v for k, v in (row["started"] or {}).items()}
    context = {
        "today": today,
        **counts,
        "coverage": board.coverage_summary(
            type("Rules", (), {"required": required}),
            started=started,
            trainees=training,
            warned=row["warned"],
        ),
        "feedback": feedback,
        "grades": board.grade_distribution(cycles),
        "leave": board.leave_in_progress(away, row["leave_counts"] or []),
    }
    context["heat_tables"] = board.heat_tables(feedback)
    return "office/dashboard.html", context
