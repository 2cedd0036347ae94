"""Reads of the mentoring pages: the mentor's home, matching suggestions, flagged records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from cadets.models import PlanMilestone, Trainee, TrainingPlan

from .matching import MentorCandidate, Suggestion, TraineeProfile, rank_mentors
from .models import (
    DEFAULT_MENTOR_TYPES,
    Mentor,
    MentoringConfig,
    Mentorship,
    MentorType,
    MonthlyFeedback,
    month_start,
)


class FeedbackStatus:
    DONE = "done"
    DRAFT = "draft"
    DUE = "due"
    OVERDUE = "overdue"
    LABELS = {
        DONE: _("Done"),
        DRAFT: _("Draft"),
        DUE: _("Due"),
        OVERDUE: _("Overdue"),
    }
    BADGES = {DONE: "success", DRAFT: "info", DUE: "warning", OVERDUE: "danger"}


def feedback_status(
    record_status: str | None, month: dt.date, today: dt.date, config: MentoringConfig
) -> str:
    """This month's state of a pairing from its record's status (None: no record yet): done,
    draft, due or — past the due day — overdue."""
    if record_status == MonthlyFeedback.Status.SUBMITTED:
        return FeedbackStatus.DONE
    if record_status is not None:
        return FeedbackStatus.DRAFT
    return FeedbackStatus.OVERDUE if today > config.due_date(month) else FeedbackStatus.DUE


@dataclass
class MenteeRow:
    mentorship: Mentorship
    trainee: Trainee
    kind_label: str
    month: dt.date
    status: str
    # Last month's record while it can still be filed, when it is missing or a draft.
    open_previous: dt.date | None
    milestones: list

    @property
    def status_label(self) -> str:
        return str(FeedbackStatus.LABELS[self.status])

    @property
    def badge(self) -> str:
        return FeedbackStatus.BADGES[self.status]


def mentor_home(user, today: dt.date) -> dict | None:
    """The mentor's mentees with this month's state, or None if `user` is not a mentor.

    Two queries however many mentees there are (`_home_rows`). A mentor without pairings, or
    a database without the mentoring rules' row, costs more."""
    month = month_start(today)
    previous = month_start(month - dt.timedelta(days=1))
    home = _home_rows(user, month, previous)
    if home is None:
        return None
    config = home.config
    current, former = [], []
    for pairing in home.pairings:
        if not pairing.is_current(today):
            former.append(pairing)
            continue
        open_previous = None
        if (
            pairing.covers_month(previous)
            and not config.is_locked(previous, today)
            and pairing.status_before != MonthlyFeedback.Status.SUBMITTED
        ):
            open_previous = previous
        current.append(
            MenteeRow(
                mentorship=pairing,
                trainee=pairing.trainee,
                kind_label=pairing.type_name or _kind_label(pairing.kind),
                month=month,
                status=feedback_status(pairing.status_now, month, today, config),
                open_previous=open_previous,
                milestones=home.milestones.get(pairing.trainee_id, []),
            )
        )
    return {"mentor": home.mentor, "rows": current, "former": former, "month": month}


@dataclass
class HomeRows:
    """What the mentor's home is built from. Each pairing carries its trainee (with township),
    `status_now` and `status_before` (this and last month's record status, None without one)
    and `type_name` (its mentor type's name, None if the type is not in the table)."""

    mentor: Mentor
    config: MentoringConfig
    pairings: list[Mentorship]
    milestones: dict[int, list[PlanMilestone]]


def _home_rows(user, month: dt.date, previous: dt.date) -> HomeRows | None:
    """Two queries: the pairings, with the record states, the type names and the mentoring
    rules as columns of the same rows, and the mentees' next plan milestones."""
    records = MonthlyFeedback.objects.filter(mentorship=OuterRef("pk"))
    rules = MentoringConfig.objects.order_by("pk")
    pairings = list(
        Mentorship.objects.filter(mentor__user=user)
        .select_related("mentor", "trainee", "trainee__county", "trainee__township")
        .annotate(
            status_now=Subquery(records.filter(month=month).values("status")[:1]),
            status_before=Subquery(records.filter(month=previous).values("status")[:1]),
            type_name=Subquery(MentorType.objects.filter(code=OuterRef("kind")).values("name")[:1]),
            due_day=Subquery(rules.values("feedback_due_day")[:1]),
            lock_day=Subquery(rules.values("feedback_lock_day")[:1]),
        )
        .order_by("trainee__name", "starts_on", "pk")
    )
    if pairings:
        mentor = pairings[0].mentor
        first = pairings[0]
        config = (
            MentoringConfig(feedback_due_day=first.due_day, feedback_lock_day=first.lock_day)
            if first.due_day is not None
            else MentoringConfig.current()
        )
    else:
        mentor = Mentor.objects.filter(user=user).first()
        if mentor is None:
            return None
        config = MentoringConfig.current()
    milestones = upcoming_milestones([p.trainee_id for p in pairings])
    return HomeRows(mentor=mentor, config=config, pairings=pairings, milestones=milestones)


def _kind_label(code: str) -> str:
    """A pairing type missing from the MentorType table: its built-in label, else its code."""
    return str(Mentorship.Kind(code).label) if code in Mentorship.Kind.values else code


UPCOMING_MILESTONES = 3


def upcoming_milestones(trainee_ids: list[int], limit: int = UPCOMING_MILESTONES) -> dict:
    """{trainee id: [milestone, …]}: the next open milestones of each trainee's plan in force
    (its newest approved or acknowledged version), in one query."""
    newest_in_force = (
        TrainingPlan.objects.filter(trainee_id=OuterRef("plan__trainee_id"))
        .filter(status__in=TrainingPlan.IN_FORCE)
        .order_by("-version")
        .values("pk")[:1]
    )
    rows = (
        PlanMilestone.objects.filter(plan__trainee_id__in=trainee_ids, done_on__isnull=True)
        .filter(plan_id=Subquery(newest_in_force))
        .select_related("plan")
        .order_by("due_on", "pk")
    )
    upcoming: dict[int, list] = {}
    for milestone in rows:
        listed = upcoming.setdefault(milestone.plan.trainee_id, [])
        if len(listed) < limit:
            listed.append(milestone)
    return upcoming


def suggest_mentors(*, actor, trainee: Trainee, today: dt.date) -> list[tuple[Suggestion, Mentor]]:
    """Mentors the actor may pick, ranked for `trainee` (mentors/matching.py). Two queries: the
    mentors with their current load, and nothing else — unit and county come from the unit."""
    mentors = list(
        Mentor.objects.visible_to(actor)
        .select_related("unit", "unit__parent")
        .with_load(today)
        .exclude(
            pk__in=Mentorship.objects.filter(trainee=trainee, ends_on__isnull=True).values(
                "mentor_id"
            )
        )
    )
    by_id = {m.pk: m for m in mentors}
    candidates = [_candidate(m) for m in mentors]
    profile = TraineeProfile(
        major=trainee.major, county_id=trainee.county_id, township_id=trainee.township_id
    )
    return [(s, by_id[s.candidate.mentor_id]) for s in rank_mentors(profile, candidates)]


def _candidate(mentor: Mentor) -> MentorCandidate:
    unit = mentor.unit
    kind = unit.kind
    township_id = unit.pk if kind == "township" else (unit.parent_id if kind == "village" else None)
    if kind == "county":
        county_id = unit.pk
    elif kind == "township":
        county_id = unit.parent_id
    elif kind == "village" and unit.parent is not None:
        county_id = unit.parent.parent_id
    else:
        county_id = None
    return MentorCandidate(
        mentor_id=mentor.pk,
        name=mentor.name,
        expertise=mentor.expertise,
        county_id=county_id,
        township_id=township_id,
        load=mentor.load,
        capacity=mentor.max_mentees,
    )


def with_kind_names(pairings) -> list[Mentorship]:
    """The pairings (a queryset) with `kind_label`, the name of their mentor type read in the
    same query as a subquery column; a code with no type row (a flushed database) shows the
    seeded default's name, or the code itself."""
    defaults = dict(DEFAULT_MENTOR_TYPES)
    pairings = list(
        pairings.annotate(
            kind_name=Subquery(MentorType.objects.filter(code=OuterRef("kind")).values("name")[:1])
        )
    )
    for pairing in pairings:
        pairing.kind_label = pairing.kind_name or defaults.get(pairing.kind, pairing.kind)
    return pairings


def with_kind_labels(pairings, labels: dict[str, str] | None = None) -> list[Mentorship]:
    """The pairings with `kind_label`, the name of their mentor type (one query for all, none
    when the caller has the `labels` already)."""
    labels = MentorType.labels() if labels is None else labels
    pairings = list(pairings)
    for pairing in pairings:
        pairing.kind_label = labels.get(pairing.kind, pairing.kind)
    return pairings
