"""The rotation planner in the product: from the database to `rotations.planner` and back.

- `build_input` turns trainees, posts, recorded rotations and the rules into a `PlannerInput`;
  `to_batch` turns the planner's month ranges back into `RotationProposal`s for
  `rotation_assign_batch`, which checks every rule again when a plan is accepted.
- `PlannerRun` rows are written only here: `run_start` (queues the Celery task after commit),
  `run_execute` (the task's body), `run_toggle_pin`, `run_remove`, `run_rerun`, `run_accept`,
  `run_discard`.

**Months.** The planner counts whole months from the horizon's first month. A trainee's period
is every month from the one they reported in to the one holding the last day of their training
(`training_ends_on` is exclusive and already includes leave extensions). A recorded rotation
holds every month it touches; when two recorded rotations share a month (one ends on the 15th,
the next starts on the 16th) the earlier keeps it and the later still counts for the post's
capacity that month. A proposal runs from the first day of its first month (or the day the
trainee reported, if later) to the last day of its last month (or the training's last day, if
earlier) — inclusive, like every rotation.

**Who may run and accept.** Staff of any level — county and city staff, receiving-unit
(township) staff for their own township, the superuser — for trainees who are *all* in their
scope (`rotations.run_planner`). A run whose trainees are not all visible to a user is a 404 for
them, so a township's staff never see a county-wide run.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from audit.models import AuditEvent
from audit.services import audit_record
from cadets.models import Trainee

from .models import PlannerRun, Post, PostCategory, Rotation, RotationRules
from .planner.problem import (
    FixedRotation,
    Names,
    Occupancy,
    PlannerInput,
    PlannerPost,
    PlannerRules,
    PlannerTrainee,
    Preferences,
    ProposedRotation,
    month_index,
    month_start,
)
from .services import RotationProposal, rotation_assign_batch

logger = logging.getLogger(__name__)

ONE_DAY = dt.timedelta(days=1)
MAX_TRAINEES = 300
MSG_NO_TRAINEES = _("No trainee in training matches this choice.")
MSG_TOO_MANY = _("Choose at most %(max)s trainees for one run.")
MSG_NOT_REVIEWABLE = _("This plan can no longer be changed.")
MSG_NOTHING_TO_ACCEPT = _("The plan has no proposals to accept.")
MSG_STILL_RUNNING = _("The planner is still running.")
MSG_ACCEPT_REASON = "轮岗规划 #{run}"  # stored on each rotation: data, not interface text
MSG_ACCEPTED_AUDIT = _("{count} rotations for {trainees} trainees")

# Which majors suit which post category: a major containing one of the words suits the category.
DEFAULT_CATEGORY_AFFINITY = {
    "党政综合": ["公共管理", "行政", "汉语言", "文学", "新闻"],
    "党建群团": ["马克思", "政治", "思想", "历史", "哲学"],
    "经济发展": ["经济", "金融", "会计", "统计", "工程", "计算机"],
    "社会事务": ["社会", "教育", "医", "心理", "管理"],
    "综合治理": ["法", "治安", "计算机"],
    "乡村振兴": ["农", "林", "环境", "土木", "水利", "生态"],
}


def category_affinity() -> dict[str, frozenset[str]]:
    mapping = getattr(settings, "PLANNER_CATEGORY_AFFINITY", DEFAULT_CATEGORY_AFFINITY)
    return {category: frozenset(words) for category, words in mapping.items()}


def major_tags(major: str, affinity: dict[str, frozenset[str]]) -> frozenset[str]:
    return frozenset(word for words in affinity.values() for word in words if word in major)


def preferences() -> Preferences:
    return Preferences(**getattr(settings, "PLANNER_PREFERENCES", {}))


# Adapter: database → planner ----------------------------------------------------------------


@dataclass
class Built:
    """A `PlannerInput` and the rows it was built from (for turning proposals back)."""

    problem: PlannerInput
    trainees: dict[int, Trainee]
    posts: dict[int, Post]


def trainee_months(trainee: Trainee, origin: dt.date) -> tuple[int, int]:
    """The trainee's period as months `[start, end)` from `origin`, leave extensions included."""
    last_day = trainee.training_ends_on - ONE_DAY
    return month_index(trainee.reported_on, origin), month_index(last_day, origin) + 1


def rotation_months(rotation: Rotation, origin: dt.date, open_end: int) -> tuple[int, int]:
    end = open_end if rotation.ends_on is None else month_index(rotation.ends_on, origin) + 1
    return month_index(rotation.starts_on, origin), end


def build_input(
    trainees: Iterable[Trainee],
    horizon_start: dt.date,
    horizon_months: int,
    pins: Sequence[dict] = (),
) -> Built:
    """The planning problem for `trainees` over `horizon_months` months from `horizon_start`
    (the first day of a month). `pins` are proposals (month dicts) kept as they are."""
    origin = horizon_start
    trainees = {t.pk: t for t in trainees}
    rules_row = RotationRules.current()
    required = list(rules_row.required_categories.filter(is_active=True))
    village_required = [c for c in required if c.is_village]
    village_category = (
        village_required[0].name
        if village_required
        else next((c.name for c in PostCategory.objects.filter(is_village=True)), "村任职")
    )
    rules = PlannerRules(
        required_categories=tuple(c.name for c in required),
        min_months=rules_row.min_months_per_post,
        max_months=rules_row.max_months_per_post,
        village_category=village_category,
        village_min_months=rules_row.min_months_per_post,
        village_max_months=max(rules_row.village_max_months, rules_row.min_months_per_post),
        # The rotation service places trainees only in their own township's posts.
        allow_county_posts=False,
        village_posting_required=True,
        village_only_if_required=True,
        no_gaps=True,
    )

    townships = {t.township_id for t in trainees.values()}
    recorded = list(
        Rotation.objects.filter(trainee_id__in=trainees)
        .select_related("post")
        .order_by("trainee_id", "starts_on", "pk")
    )
    posts = {
        p.pk: p
        for p in Post.objects.filter(
            Q(township_id__in=townships, is_active=True) | Q(pk__in={r.post_id for r in recorded})
        ).select_related("category", "township", "village")
    }
    # Seats taken in these posts during the horizon by trainees outside the run.
    horizon_end = month_start(origin, horizon_months)
    others = (
        Rotation.objects.filter(post_id__in=posts)
        .exclude(trainee_id__in=trainees)
        .overlapping(origin, horizon_end - ONE_DAY)
    )
    occupied = [
        Occupancy(r.post_id, *rotation_months(r, origin, horizon_months))
        for r in others.only("post_id", "starts_on", "ends_on")
    ]

    periods = {pk: trainee_months(t, origin) for pk, t in trainees.items()}
    fixed: list[FixedRotation] = []
    by_trainee: dict[int, list[Rotation]] = defaultdict(list)
    for rotation in recorded:
        by_trainee[rotation.trainee_id].append(rotation)
    for trainee_id, rotations in by_trainee.items():
        first, last = periods[trainee_id]
        held_until = first
        for rotation in rotations:
            start, end = rotation_months(rotation, origin, last)
            # The part inside the trainee's period and after the months already held is kept;
            # the rest still takes a seat in the post.
            keep_start, keep_end = max(start, held_until, first), min(end, last)
            if keep_start < keep_end:
                fixed.append(FixedRotation(trainee_id, rotation.post_id, keep_start, keep_end))
                held_until = keep_end
            for lo, hi in ((start, min(keep_start, end)), (max(keep_end, start), end)):
                if lo < hi:
                    occupied.append(Occupancy(rotation.post_id, lo, hi))
    # Pins are kept as they are; one that clashes with a rotation recorded since makes the
    # plan impossible, and the explanation names it.
    fixed += [
        FixedRotation(pin["trainee"], pin["post"], pin["start"], pin["end"])
        for pin in pins
        if pin["trainee"] in trainees and pin["post"] in posts
    ]

    Mentorship = apps.get_model("mentors", "Mentorship")  # noqa: N806 — no import of mentors
    mentor_units = dict(
        Mentorship.objects.filter(trainee_id__in=trainees, is_primary=True, ends_on__isnull=True)
        .select_related("mentor__unit")
        .values_list("trainee_id", "mentor__unit_id")
    )
    units = {
        u.pk: u
        for u in OrgUnit.objects.filter(pk__in=set(mentor_units.values())).only("kind", "parent")
    }

    def mentor_township(trainee_id: int) -> int | None:
        unit = units.get(mentor_units.get(trainee_id))
        if unit is None:
            return None
        if unit.kind == OrgUnit.Kind.TOWNSHIP:
            return unit.pk
        return unit.parent_id if unit.kind == OrgUnit.Kind.VILLAGE else None

    affinity = category_affinity()
    needs_village = bool(village_required)
    planner_trainees = tuple(
        PlannerTrainee(
            id=pk,
            township_id=t.township_id,
            county_id=t.county_id,
            start_month=periods[pk][0],
            end_month=periods[pk][1],
            major_tags=major_tags(t.major, affinity),
            # A village posting for everyone when the rules require the village category;
            # also for a trainee placed in a village.
            village_required=needs_village or t.village_id is not None,
            mentor_township_id=mentor_township(pk),
        )
        for pk, t in trainees.items()
    )
    planner_posts = []
    for post in posts.values():
        usable = post.is_active and post.township_id in townships
        load = sum(1 for f in fixed if f.post_id == post.pk)
        planner_posts.append(
            PlannerPost(
                id=post.pk,
                # A closed post, or one of another township, is only there for the rotations
                # recorded in it: nobody can be proposed for it.
                township_id=post.township_id if usable else -post.pk,
                county_id=post.township.parent_id if usable else -post.pk,
                category=post.category.name,
                capacity=post.capacity if usable else max(post.capacity, load),
                is_village=post.category.is_village,
            )
        )
    names = Names(
        trainees={pk: t.name for pk, t in trainees.items()},
        posts={pk: str(p) for pk, p in posts.items()},
        townships={p.township_id: p.township.name for p in posts.values()}
        | {t.township_id: t.township.name for t in trainees.values()},
    )
    problem = PlannerInput(
        horizon_start_month=origin,
        horizon_months=horizon_months,
        posts=tuple(planner_posts),
        trainees=planner_trainees,
        fixed=tuple(fixed),
        occupied=tuple(occupied),
        rules=rules,
        preferences=preferences(),
        category_affinity=affinity,
        names=names,
    )
    return Built(problem=problem, trainees=trainees, posts=posts)


# Adapter: planner → rotation service --------------------------------------------------------


def proposal_dates(trainee: Trainee, origin: dt.date, start: int, end: int):
    """Inclusive dates of months `[start, end)`, kept inside the trainee's training period."""
    starts_on = max(month_start(origin, start), trainee.reported_on)
    ends_on = min(month_start(origin, end) - ONE_DAY, trainee.training_ends_on - ONE_DAY)
    return starts_on, ends_on


def to_batch(
    proposals: Iterable[dict],
    origin: dt.date,
    trainees: dict[int, Trainee],
    posts: dict[int, Post],
    reason: str = "",
) -> list[RotationProposal]:
    batch = []
    for p in proposals:
        trainee = trainees[p["trainee"]]
        starts_on, ends_on = proposal_dates(trainee, origin, p["start"], p["end"])
        batch.append(RotationProposal(trainee, posts[p["post"]], starts_on, ends_on, reason))
    return batch


def as_dict(p: ProposedRotation, pinned: bool = False) -> dict:
    return {
        "trainee": p.trainee_id,
        "post": p.post_id,
        "start": p.start_month,
        "end": p.end_month,
        "pinned": pinned,
    }


def proposal_key(p: dict) -> str:
    return f"{p['trainee']}:{p['post']}:{p['start']}"


# Access -------------------------------------------------------------------------------------


def scope_visible(user, trainee_ids: Sequence[int]) -> bool:
    ids = set(trainee_ids)
    return bool(ids) and Trainee.objects.visible_to(user).filter(pk__in=ids).count() == len(ids)


def get_run_for_user(request, pk: int, *, for_update: bool = False) -> PlannerRun:
    """A run whose every trainee the user can see; otherwise a 404 (as for any record)."""
    queryset = PlannerRun.objects.select_for_update() if for_update else PlannerRun.objects
    run = get_object_or_404(queryset, pk=pk)
    if not scope_visible(request.user, run.trainee_ids):
        raise Http404
    return run


def _check(actor, run: PlannerRun | None = None, trainee_ids: Sequence[int] = ()) -> None:
    ids = run.trainee_ids if run is not None else trainee_ids
    if not actor.has_perm("rotations.run_planner") or not scope_visible(actor, ids):
        raise PermissionDenied


# Runs ---------------------------------------------------------------------------------------


@transaction.atomic
def run_start(
    *,
    actor,
    trainees: Sequence[Trainee],
    horizon_start: dt.date,
    horizon_months: int,
    scope_label: str,
    pins: Sequence[dict] = (),
) -> PlannerRun:
    """Record a run and queue the planner task once the transaction commits."""
    ids = sorted({t.pk for t in trainees})
    if not ids:
        raise ValidationError(MSG_NO_TRAINEES)
    if len(ids) > MAX_TRAINEES:
        raise ValidationError(MSG_TOO_MANY % {"max": MAX_TRAINEES})
    _check(actor, trainee_ids=ids)
    run = PlannerRun(
        started_by=actor,
        scope_label=scope_label[:200],
        trainee_ids=ids,
        horizon_start=horizon_start.replace(day=1),
        horizon_months=horizon_months,
        pins=list(pins),
    )
    run.full_clean()
    run.save()
    _enqueue(run)
    return run


def _enqueue(run: PlannerRun) -> None:
    from .tasks import planner_run

    run_id = run.pk
    transaction.on_commit(lambda: planner_run.delay(run_id), robust=True)


@transaction.atomic
def run_rerun(*, actor, run: PlannerRun) -> PlannerRun:
    """Plan again, keeping the pinned proposals; the run goes back to the queue."""
    run = PlannerRun.objects.select_for_update().get(pk=run.pk)
    _check(actor, run)
    if run.status in PlannerRun.CLOSED or run.is_active:
        raise ValidationError(MSG_NOT_REVIEWABLE)
    run.status = PlannerRun.Status.QUEUED
    run.progress = 0
    run.proposals = [p for p in run.pins]
    run.explanation = []
    run.objective = run.best_bound = run.gap = run.wall_time_s = None
    run.error = ""
    run.started_at = run.finished_at = None
    run.save()
    _enqueue(run)
    return run


def _time_limit() -> float:
    return float(getattr(settings, "PLANNER_TIME_LIMIT_S", 30))


def run_claim(run_id: int) -> bool:
    """Take a queued run (or one whose worker died long ago) for this worker."""
    stale = timezone.now() - dt.timedelta(seconds=_time_limit() * 3 + 120)
    claimed = (
        PlannerRun.objects.filter(pk=run_id)
        .filter(
            Q(status=PlannerRun.Status.QUEUED)
            | Q(status=PlannerRun.Status.RUNNING, started_at__lt=stale)
        )
        .update(status=PlannerRun.Status.RUNNING, started_at=timezone.now(), progress=0)
    )
    return claimed == 1


class _ProgressWriter:
    """Writes the solver's progress to the run's row at most `every` seconds, from a thread of
    its own (the solver calls back from its threads; this keeps DB connections to one)."""

    def __init__(self, run_id: int, every: float = 0.5):
        self.run_id, self.every = run_id, every
        self.value, self.written = 0, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __call__(self, fraction: float) -> None:
        self.value = max(self.value, min(99, int(fraction * 100)))

    def _loop(self) -> None:
        try:
            while not self.stop.wait(self.every):
                self._write()
        finally:
            connection.close()

    def _write(self) -> None:
        if self.value > self.written:
            PlannerRun.objects.filter(pk=self.run_id, status=PlannerRun.Status.RUNNING).update(
                progress=self.value
            )
            self.written = self.value

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)


def run_execute(*, run_id: int, time_limit_s: float | None = None) -> str | None:
    """The planner task's body: solve and store the result. Returns the status, or None when
    the run was not there to claim (already done, discarded, or taken by another worker)."""
    from .planner.solve import solve

    if not run_claim(run_id):
        return None
    run = PlannerRun.objects.get(pk=run_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            trainees = (
                Trainee.objects.filter(pk__in=run.trainee_ids)
                .select_related("township")
                .order_by("pk")
            )
            built = build_input(trainees, run.horizon_start, run.horizon_months, run.pins)
            limit = time_limit_s if time_limit_s is not None else _time_limit()
            with _ProgressWriter(run.pk) as progress:
                result = solve(
                    built.problem,
                    time_limit_s=limit,
                    workers=int(getattr(settings, "PLANNER_WORKERS", 2)),
                    progress=progress,
                    explain_time_limit_s=min(10.0, limit),
                )
    except Exception as error:
        logger.exception("planner run %s failed", run_id)
        PlannerRun.objects.filter(pk=run_id, status=PlannerRun.Status.RUNNING).update(
            status=PlannerRun.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return PlannerRun.Status.FAILED
    proposals = []
    if result.status in ("optimal", "feasible"):
        proposals = [*run.pins, *(as_dict(p) for p in result.proposals)]
        proposals.sort(key=lambda p: (p["trainee"], p["start"]))
    # Written only if nobody discarded the run meanwhile; saved through the model for history.
    with transaction.atomic():
        current = PlannerRun.objects.select_for_update().get(pk=run_id)
        if current.status != PlannerRun.Status.RUNNING:
            return None
        current.status = result.status
        current.progress = 100
        current.finished_at = timezone.now()
        current.objective = result.objective
        current.best_bound = result.best_bound
        current.gap = result.gap
        current.wall_time_s = round(result.wall_time_s, 3)
        current.proposals = proposals
        current.explanation = [str(s) for s in result.explanation or []]
        current.save()
    return result.status


def _editable(actor, run: PlannerRun) -> PlannerRun:
    run = PlannerRun.objects.select_for_update().get(pk=run.pk)
    _check(actor, run)
    if not run.is_reviewable:
        raise ValidationError(MSG_NOT_REVIEWABLE)
    return run


@transaction.atomic
def run_toggle_pin(*, actor, run: PlannerRun, key: str) -> bool:
    """Pin a proposal (a re-run keeps it as it is) or unpin it. Returns the new state."""
    run = _editable(actor, run)
    for proposal in run.proposals:
        if proposal_key(proposal) == key:
            proposal["pinned"] = not proposal.get("pinned")
            break
    else:
        raise ValidationError(MSG_NOT_REVIEWABLE)
    run.pins = [p for p in run.proposals if p.get("pinned")]
    run.save(update_fields=["proposals", "pins"])
    return proposal["pinned"]


@transaction.atomic
def run_remove(*, actor, run: PlannerRun, key: str) -> None:
    """Drop one proposal from the plan (a re-run may propose that month again)."""
    run = _editable(actor, run)
    run.proposals = [p for p in run.proposals if proposal_key(p) != key]
    run.pins = [p for p in run.proposals if p.get("pinned")]
    run.save(update_fields=["proposals", "pins"])


@transaction.atomic
def run_accept(*, actor, run: PlannerRun, request=None) -> list[Rotation]:
    """Create every proposal as a rotation through `rotation_assign_batch`, all or nothing.
    A ValidationError (a rule broken by a change since the run) leaves nothing behind."""
    run = _editable(actor, run)
    if not run.proposals:
        raise ValidationError(MSG_NOTHING_TO_ACCEPT)
    trainees = Trainee.objects.filter(pk__in={p["trainee"] for p in run.proposals})
    posts = Post.objects.filter(pk__in={p["post"] for p in run.proposals})
    batch = to_batch(
        run.proposals,
        run.horizon_start,
        {t.pk: t for t in trainees.select_related("township")},
        {p.pk: p for p in posts},
        reason=MSG_ACCEPT_REASON.format(run=run.pk),
    )
    created = rotation_assign_batch(actor=actor, proposals=batch)
    run.status = PlannerRun.Status.ACCEPTED
    run.accepted_by = actor
    run.accepted_at = timezone.now()
    run.save()
    audit_record(
        action=AuditEvent.Action.PLANNER_ACCEPTED,
        actor=actor,
        request=request,
        subject=run,
        reason=MSG_ACCEPTED_AUDIT.format(
            count=len(created), trainees=len({r.trainee_id for r in created})
        ),
    )
    return created


@transaction.atomic
def run_discard(*, actor, run: PlannerRun) -> None:
    """Drop the plan: no rotation was ever created from it; its proposals are deleted."""
    run = PlannerRun.objects.select_for_update().get(pk=run.pk)
    _check(actor, run)
    if run.status in PlannerRun.CLOSED:
        raise ValidationError(MSG_NOT_REVIEWABLE)
    run.status = PlannerRun.Status.DISCARDED
    run.proposals, run.pins, run.explanation = [], [], []
    run.save()


def wait_for(run_id: int, timeout: float = 60) -> PlannerRun:
    """Poll until the run leaves the queue (for tests and the command line)."""
    deadline = time.monotonic() + timeout
    while True:
        run = PlannerRun.objects.get(pk=run_id)
        if not run.is_active or time.monotonic() > deadline:
            return run
        time.sleep(0.2)
