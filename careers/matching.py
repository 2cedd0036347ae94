"""人岗相适: how well a trainee fits a post profile, in plain sentences.

`candidates(profile, user, today)` fetches the trainees in the user's scope (the talent pool or
all) with what the criteria read — rotation categories served, front-line task kinds, confirmed
grades newest first — in a fixed number of queries; `assess` then judges one trainee against
each criterion the profile states, with no query. A trainee is eligible when nothing is lacking;
the list ranks the eligible first, then those lacking least."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Grade, Outcome
from cadets.models import Trainee
from rotations.models import KeyTask, Rotation

from .models import PostProfile

# Best first: a grade meets a minimum when it stands at or before it.
GRADE_ORDER = [Grade.EXCELLENT, Grade.COMPETENT, Grade.BASIC, Grade.INCOMPETENT]
ACTIVE_STATUSES = [Trainee.Status.TRAINING, Trainee.Status.COMPLETED]
LIST_SEPARATOR = "、"


@dataclass
class Candidate:
    trainee: Trainee
    matches: list = field(default_factory=list)
    lacks: list = field(default_factory=list)
    excellent: int = 0

    @property
    def eligible(self) -> bool:
        return not self.lacks


def candidates(profile: PostProfile, user, today: dt.date) -> list[Candidate]:
    """Every trainee in scope judged against `profile`, best first."""
    categories = list(profile.categories.all())
    counties = list(profile.counties.all())
    trainees = candidate_queryset(profile, user, today)
    judged = [assess(profile, t, today, categories, counties) for t in trainees]
    judged.sort(key=lambda c: (len(c.lacks), -len(c.matches), -c.excellent, c.trainee.name))
    return judged


def candidate_queryset(profile: PostProfile, user, today: dt.date):
    trainees = Trainee.objects.visible_to(user).filter(status__in=ACTIVE_STATUSES)
    if profile.scope == PostProfile.Scope.POOL:
        trainees = trainees.filter(
            pk__in=Outcome.objects.filter(kind=Outcome.Kind.TALENT_POOL).values("trainee_id")
        )
    return (
        trainees.select_related("cohort", "county", "township")
        .prefetch_related(
            Prefetch(
                "rotations",
                queryset=Rotation.objects.filter(starts_on__lte=today)
                .select_related("post")
                .only("trainee_id", "starts_on", "post__category_id"),
                to_attr="served",
            ),
            Prefetch(
                "key_tasks",
                queryset=KeyTask.objects.filter(starts_on__lte=today).only("trainee_id", "kind"),
                to_attr="tasks",
            ),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.exclude(grade="")
                .select_related("cycle")
                .only("trainee_id", "grade", "cycle__period_end")
                .order_by("-cycle__period_end", "-pk"),
                to_attr="graded",
            ),
        )
        .order_by("name", "pk")
    )


def age_on(birth_date: dt.date, today: dt.date) -> int:
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def meets_grade(grade: str, minimum: str) -> bool:
    return GRADE_ORDER.index(grade) <= GRADE_ORDER.index(minimum)


def assess(profile, trainee, today, categories, counties) -> Candidate:
    """Judge one trainee (fetched by `candidate_queryset`) against each stated criterion."""
    c = Candidate(trainee, excellent=sum(1 for a in trainee.graded if a.grade == Grade.EXCELLENT))
    if categories:
        served = {r.post.category_id for r in trainee.served}
        have = [cat.name for cat in categories if cat.pk in served]
        missing = [cat.name for cat in categories if cat.pk not in served]
        if have:
            c.matches.append(format_lazy(_("Has served in: {list}."), list=_join(have)))
        if missing:
            c.lacks.append(format_lazy(_("No rotation yet in: {list}."), list=_join(missing)))
    if profile.task_kinds:
        labels = dict(KeyTask.Kind.choices)
        done = {t.kind for t in trainee.tasks}
        have = [labels[k] for k in profile.task_kinds if k in done]
        missing = [labels[k] for k in profile.task_kinds if k not in done]
        if have:
            c.matches.append(format_lazy(_("Front-line tasks taken on: {list}."), list=_join(have)))
        if missing:
            c.lacks.append(
                format_lazy(_("No front-line task of kind: {list}."), list=_join(missing))
            )
    if profile.min_grade:
        _grades(c, profile, trainee)
    if profile.keywords:
        hit = next((k for k in profile.keywords if k in trainee.major), None)
        if hit:
            c.matches.append(
                format_lazy(
                    _("Major “{major}” matches “{keyword}”."), major=trainee.major, keyword=hit
                )
            )
        else:
            c.lacks.append(
                format_lazy(
                    _("Major “{major}” matches none of: {list}."),
                    major=trainee.major,
                    list=_join(profile.keywords),
                )
            )
    if profile.educations:
        label = trainee.get_education_display()
        if trainee.education in profile.educations:
            c.matches.append(format_lazy(_("Education: {education}."), education=label))
        else:
            wanted = _join([Trainee.Education(e).label for e in profile.educations])
            c.lacks.append(
                format_lazy(
                    _("Education {education} is not among: {list}."), education=label, list=wanted
                )
            )
    if profile.age_min is not None or profile.age_max is not None:
        _age(c, profile, trainee, today)
    if profile.political_statuses:
        label = trainee.get_political_status_display()
        if trainee.political_status in profile.political_statuses:
            c.matches.append(format_lazy(_("Political status: {status}."), status=label))
        else:
            wanted = _join([Trainee.PoliticalStatus(s).label for s in profile.political_statuses])
            c.lacks.append(
                format_lazy(
                    _("Political status {status} is not among: {list}."), status=label, list=wanted
                )
            )
    if counties:
        if any(county.pk == trainee.county_id for county in counties):
            c.matches.append(format_lazy(_("Placed in {county}."), county=trainee.county.name))
        else:
            c.lacks.append(
                format_lazy(
                    _("Placed in {county}, not in: {list}."),
                    county=trainee.county.name,
                    list=_join([county.name for county in counties]),
                )
            )
    return c


def _grades(c: Candidate, profile, trainee) -> None:
    wanted = profile.recent_assessments
    recent = trainee.graded[:wanted]
    minimum = Grade(profile.min_grade).label
    shown = _join([Grade(a.grade).label for a in recent])
    if len(recent) < wanted:
        c.lacks.append(
            format_lazy(
                _("Only {n} confirmed assessment(s), {wanted} asked for."),
                n=len(recent),
                wanted=wanted,
            )
        )
    elif all(meets_grade(a.grade, profile.min_grade) for a in recent):
        c.matches.append(
            format_lazy(
                _("The last {wanted} assessment(s) are {minimum} or better: {grades}."),
                wanted=wanted,
                minimum=minimum,
                grades=shown,
            )
        )
    else:
        c.lacks.append(
            format_lazy(
                _("Not all of the last {wanted} assessment(s) are {minimum} or better: {grades}."),
                wanted=wanted,
                minimum=minimum,
                grades=shown,
            )
        )


def _age(c: Candidate, profile, trainee, today) -> None:
    age = age_on(trainee.birth_date, today)
    low, high = profile.age_min, profile.age_max
    inside = (low is None or age >= low) and (high is None or age <= high)
    if low is not None and high is not None:
        bounds = format_lazy(_("{low} to {high}"), low=low, high=high)
    elif low is not None:
        bounds = format_lazy(_("at least {low}"), low=low)
    else:
        bounds = format_lazy(_("at most {high}"), high=high)
    if inside:
        c.matches.append(format_lazy(_("Aged {age}, within {bounds}."), age=age, bounds=bounds))
    else:
        c.lacks.append(format_lazy(_("Aged {age}, not {bounds}."), age=age, bounds=bounds))


def _join(items) -> str:
    return LIST_SEPARATOR.join(str(i) for i in items)
