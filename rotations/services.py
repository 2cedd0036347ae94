"""Writes to posts, rotations and front-line tasks. Views call these; these check the rules again.

The rotation rules live in one function, `rotation_assign_batch`, which validates a whole set of
proposed rotations in one transaction — the form on the page sends a set of one, the rotation
planner sends a month's proposals. Date ranges are inclusive at both ends (rotations/models.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.containers import ContainerRefused, check_container
from accounts.models import OrgUnit
from accounts.scoping import units_q
from cadets.locking import claim_edit
from cadets.models import Trainee
from cadets.models.trainee import add_months

from .models import KeyTask, KeyTaskAttachment, Post, Rotation, RotationRules

MSG_START_AFTER_END = _("The start date is after the end date.")
MSG_BEFORE_REPORTED = _("A rotation cannot start before the trainee reported for duty ({date}).")
MSG_POST_CLOSED = _("The post “{post}” is closed; choose an open post.")
MSG_POST_OTHER_TOWNSHIP = _(
    "The post “{post}” belongs to {township}, not to {trainee}'s township {own}."
)
MSG_OVERLAP = _(
    "{trainee} is already in the post “{post}” from {start} to {end}; a trainee cannot be in "
    "two posts at once."
)
MSG_OVERLAP_RACE = _(
    "Someone else has just assigned an overlapping rotation to this trainee; nothing was saved."
)
MSG_CAPACITY = _(
    "The post “{post}” holds at most {capacity} trainee(s) at a time; on {day} it would hold "
    "{count}."
)
MSG_END_NOT_IN_ROTATION = _("The new end date must be on or after the start date ({start}).")
MSG_MOVE_DATE = _("The move date must be after the start of the current rotation ({start}).")
MSG_NOT_PLANNED = _("Only a rotation that has not started yet can be cancelled.")
MSG_POST_OUTSIDE_SCOPE = _("You can only manage posts of your own units.")
MSG_TOO_SHORT = _(
    "The rotation rules ask for at least {months} month(s) in a post; {start} to {end} is "
    "shorter. Give a reason for the exception to save it anyway."
)
MSG_TOO_LONG = _(
    "The rotation rules allow at most {months} month(s) in a post; {start} to {end} is "
    "longer. Give a reason for the exception to save it anyway."
)

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# Extension → the first bytes a real file of that type starts with.
ATTACHMENT_TYPES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
CONTAINER_TYPES = {".docx", ".xlsx"}
MSG_ATTACHMENT_TOO_LARGE = _("The file is {size} MB; attachments may be at most 10 MB.")
MSG_ATTACHMENT_TYPE = _("Only PDF, JPG, PNG, Word (.docx) and Excel (.xlsx) files are accepted.")
MSG_ATTACHMENT_CONTENT = _("The file's content does not match its type “{ext}”.")
MSG_ATTACHMENT_EMPTY = _("The file is empty.")


@dataclass(frozen=True)
class RotationProposal:
    trainee: Trainee
    post: Post
    starts_on: dt.date
    ends_on: dt.date | None = None
    reason: str = ""
    # Why this rotation may be shorter or longer than the rules allow (empty: no exception).
    length_exception: str = ""


def rotation_assign(
    *,
    actor,
    trainee: Trainee,
    post: Post,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    reason: str = "",
    length_exception: str = "",
) -> Rotation:
    """Put `trainee` in `post` from `starts_on` to `ends_on` (inclusive; None: open-ended)."""
    proposal = RotationProposal(trainee, post, starts_on, ends_on, reason, length_exception)
    return rotation_assign_batch(actor=actor, proposals=[proposal])[0]


@transaction.atomic
def rotation_assign_batch(*, actor, proposals: Sequence[RotationProposal]) -> list[Rotation]:
    """Save all `proposals` or none. Raises ValidationError listing every problem.

    The rules, each with its own message: the trainee still in training; start not after end;
    not before the trainee reported; the rules' minimum and maximum months in a post (unless an
    exception is given with its reason); an open post of the trainee's own township; no overlap
    with the trainee's other rotations (including earlier proposals of the batch); the post's
    capacity on its busiest day.
    Posts are locked (`select_for_update`) so that two concurrent batches cannot both take a
    post's last place."""
    _check_actor(actor, {p.trainee.pk for p in proposals})
    posts = _lock_posts({p.post.pk for p in proposals})
    rules = RotationRules.current()
    errors: list[ValidationError] = []
    created: list[Rotation] = []
    for proposal in proposals:
        post = posts[proposal.post.pk]
        problems = _problems(proposal, post, rules)
        if problems:
            errors.extend(problems)
            continue
        rotation = Rotation(
            trainee=proposal.trainee,
            post=post,
            starts_on=proposal.starts_on,
            ends_on=proposal.ends_on,
            reason=proposal.reason,
            length_exception=proposal.length_exception.strip(),
            created_by=actor,
        )
        rotation._change_reason = proposal.reason
        _save(rotation)
        created.append(rotation)
    if errors:
        raise ValidationError(errors)
    _sync_current_posts({p.trainee.pk for p in proposals})
    return created


@transaction.atomic
def rotation_end(*, actor, rotation: Rotation, ends_on: dt.date, reason: str = "") -> Rotation:
    """Set a new end date: usually ending early; a later date is checked like a new rotation
    (including the rules' maximum months, unless the rotation carries a length exception).
    Ending early is itself the exception, and its reason stays in the rotation's history with
    the old dates."""
    _check_actor(actor, {rotation.trainee_id})
    if ends_on < rotation.starts_on:
        raise ValidationError(MSG_END_NOT_IN_ROTATION.format(start=rotation.starts_on))
    post = _lock_posts({rotation.post_id})[rotation.post_id]
    extends = rotation.ends_on is not None and ends_on > rotation.ends_on
    if extends:
        proposal = RotationProposal(rotation.trainee, post, rotation.ends_on, ends_on, reason)
        problems = []
        if not rotation.length_exception:
            whole = RotationProposal(rotation.trainee, post, rotation.starts_on, ends_on)
            problems = _length_problems(whole, post, RotationRules.current(), minimum=False)
        problems += _overlap_and_capacity(proposal, post, exclude_pk=rotation.pk)
        if problems:
            raise ValidationError(problems)
    rotation.ends_on = ends_on
    rotation._change_reason = reason
    _save(rotation)
    _sync_current_posts({rotation.trainee_id})
    return rotation


@transaction.atomic
def rotation_move(
    *,
    actor,
    rotation: Rotation,
    post: Post,
    on: dt.date,
    ends_on: dt.date | None = None,
    reason: str = "",
    length_exception: str = "",
) -> Rotation:
    """Move the trainee of `rotation` to `post` from `on`: the old rotation ends the day
    before, the new one starts on `on`; both in one transaction."""
    if on <= rotation.starts_on:
        raise ValidationError(MSG_MOVE_DATE.format(start=rotation.starts_on))
    if rotation.ends_on is None or rotation.ends_on >= on:
        rotation_end(
            actor=actor, rotation=rotation, ends_on=on - dt.timedelta(days=1), reason=reason
        )
    return rotation_assign(
        actor=actor, trainee=rotation.trainee, post=post, starts_on=on, ends_on=ends_on,
        reason=reason, length_exception=length_exception,
    )  # fmt: skip


@transaction.atomic
def rotation_cancel(*, actor, rotation: Rotation, today: dt.date | None = None) -> None:
    """Delete a planned rotation that has not started; the history keeps a record of it."""
    _check_actor(actor, {rotation.trainee_id})
    today = today or timezone.localdate()
    if rotation.starts_on <= today:
        raise ValidationError(MSG_NOT_PLANNED)
    trainee_id = rotation.trainee_id
    rotation.delete()
    _sync_current_posts({trainee_id})


def busiest_day(
    ranges: Sequence[tuple[dt.date, dt.date | None]], starts_on: dt.date, ends_on: dt.date | None
) -> tuple[dt.date | None, int]:
    """The day within [starts_on, ends_on] on which most of `ranges` run, and how many.

    The count only changes where a range starts, so those days (and `starts_on`) are the only
    candidates."""
    candidates = {starts_on} | {
        start for start, _ in ranges if start > starts_on and (ends_on is None or start <= ends_on)
    }
    best_day, best = None, 0
    for day in sorted(candidates):
        count = sum(1 for s, e in ranges if s <= day and (e is None or e >= day))
        if count > best:
            best_day, best = day, count
    return best_day, best


# Posts --------------------------------------------------------------------------------------


@transaction.atomic
def post_save(*, actor, post: Post, expected_version: int | None = None) -> Post:
    if not actor.has_perm("rotations.manage_post", post):
        raise PermissionDenied
    if not OrgUnit.objects.filter(units_q(actor), pk=post.township_id).exists():
        raise ValidationError(MSG_POST_OUTSIDE_SCOPE)
    post.full_clean()
    claim_edit(post, expected_version)
    post.save()
    return post


@transaction.atomic
def rules_save(*, actor, form, expected_version: int | None = None) -> RotationRules:
    """Save the rotation rules edited in `form` (a RulesForm, for its many-to-many field)."""
    if not actor.has_perm("rotations.manage_rules"):
        raise PermissionDenied
    claim_edit(form.instance, expected_version)
    return form.save()


# Front-line tasks ---------------------------------------------------------------------------


@transaction.atomic
def keytask_save(*, actor, task: KeyTask) -> KeyTask:
    _check_actor(actor, {task.trainee_id}, perm="rotations.record_keytask")
    task.full_clean()
    if task.pk is None:
        task.created_by = actor
    task.save()
    return task


@transaction.atomic
def attachment_add(*, actor, task: KeyTask, upload) -> KeyTaskAttachment:
    """Store `upload` (an UploadedFile) for `task` after checking its size, type and content."""
    _check_actor(actor, {task.trainee_id}, perm="rotations.record_keytask")
    attachment_check(upload)
    attachment = KeyTaskAttachment(
        task=task,
        original_name=upload.name[-150:],
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name, upload, save=False)
    # If the row cannot be written, do not leave the file behind.
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def attachment_check(upload) -> None:
    """Refuse files over 10 MB, of another type, or whose content is not what the name says."""
    ext = Path(upload.name or "").suffix.lower()
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError(MSG_ATTACHMENT_TYPE, code="type")
    if not upload.size:
        raise ValidationError(MSG_ATTACHMENT_EMPTY, code="empty")
    if upload.size > ATTACHMENT_MAX_BYTES:
        size = f"{upload.size / 1024 / 1024:.1f}"
        raise ValidationError(MSG_ATTACHMENT_TOO_LARGE.format(size=size), code="size")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ATTACHMENT_TYPES[ext]):
        raise ValidationError(MSG_ATTACHMENT_CONTENT.format(ext=ext), code="content")
    if ext in CONTAINER_TYPES:
        # Whoever opens it (a staff member's Word or Excel, a preview) should not meet a bomb.
        try:
            check_container(upload)
        except ContainerRefused as refused:
            raise ValidationError(str(refused), code="container") from None
        finally:
            upload.seek(0)


# Helpers ------------------------------------------------------------------------------------


def _check_actor(actor, trainee_ids: set[int], perm: str = "rotations.manage_rotation") -> None:
    """The actor may do this and every trainee is in their scope (else PermissionDenied)."""
    if not actor.has_perm(perm):
        raise PermissionDenied
    visible = Trainee.objects.visible_to(actor).filter(pk__in=trainee_ids).count()
    if visible != len(trainee_ids):
        raise PermissionDenied


def _lock_posts(pks: set[int]) -> dict[int, Post]:
    # In primary-key order, so that two batches lock shared posts in the same order.
    posts = Post.objects.select_for_update(of=("self",)).filter(pk__in=pks).order_by("pk")
    return {post.pk: post for post in posts.select_related("township", "village")}


def _problems(
    proposal: RotationProposal, post: Post, rules: RotationRules
) -> list[ValidationError]:
    trainee = proposal.trainee
    try:
        trainee.check_in_training()
    except ValidationError as error:
        return [error]
    if proposal.ends_on is not None and proposal.starts_on > proposal.ends_on:
        return [ValidationError(MSG_START_AFTER_END, code="dates")]
    problems = []
    if not proposal.length_exception.strip():
        problems.extend(_length_problems(proposal, post, rules))
    if proposal.starts_on < trainee.reported_on:
        problems.append(
            ValidationError(MSG_BEFORE_REPORTED.format(date=trainee.reported_on), code="early")
        )
    if not post.is_active:
        problems.append(ValidationError(MSG_POST_CLOSED.format(post=post), code="closed"))
    if post.township_id != trainee.township_id:
        message = MSG_POST_OTHER_TOWNSHIP.format(
            post=post, township=post.township, trainee=trainee, own=trainee.township
        )
        problems.append(ValidationError(message, code="township"))
    if problems:
        return problems
    return _overlap_and_capacity(proposal, post)


def _length_problems(
    proposal: RotationProposal, post: Post, rules: RotationRules, minimum: bool = True
) -> list[ValidationError]:
    """The rules' minimum and maximum months in one post, counted in calendar months with both
    days inclusive (08-01 to 10-31 is three months). An open-ended rotation has no length yet;
    village postings have their own total limit (coverage warnings), not the per-post maximum."""
    start, end = proposal.starts_on, proposal.ends_on
    if end is None:
        return []
    after = end + dt.timedelta(days=1)
    if minimum and after < add_months(start, rules.min_months_per_post):
        message = MSG_TOO_SHORT.format(months=rules.min_months_per_post, start=start, end=end)
        return [ValidationError(message, code="too_short")]
    if not post.village_id and after > add_months(start, rules.max_months_per_post):
        message = MSG_TOO_LONG.format(months=rules.max_months_per_post, start=start, end=end)
        return [ValidationError(message, code="too_long")]
    return []


def _overlap_and_capacity(
    proposal: RotationProposal, post: Post, exclude_pk: int | None = None
) -> list[ValidationError]:
    problems = []
    clash = (
        Rotation.objects.filter(trainee=proposal.trainee)
        .overlapping(proposal.starts_on, proposal.ends_on)
        .exclude(pk=exclude_pk)
        .select_related("post__village")
        .order_by("starts_on")
        .first()
    )
    if clash is not None:
        message = MSG_OVERLAP.format(
            trainee=proposal.trainee,
            post=clash.post,
            start=clash.starts_on,
            end=clash.ends_on or _("open-ended"),
        )
        problems.append(ValidationError(message, code="overlap"))
    others = list(
        Rotation.objects.filter(post=post)
        .overlapping(proposal.starts_on, proposal.ends_on)
        .exclude(pk=exclude_pk)
        .values_list("starts_on", "ends_on")
    )
    day, count = busiest_day(others, proposal.starts_on, proposal.ends_on)
    if count + 1 > post.capacity:
        message = MSG_CAPACITY.format(
            post=post, capacity=post.capacity, day=day or proposal.starts_on, count=count + 1
        )
        problems.append(ValidationError(message, code="capacity"))
    return problems


def _save(rotation: Rotation) -> None:
    # The service's own checks ran above; the database's exclusion constraint is the last word
    # when two requests race, and we turn its refusal into the same kind of message.
    rotation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            rotation.save()
    except IntegrityError as error:
        raise ValidationError(MSG_OVERLAP_RACE, code="overlap") from error


def _sync_current_posts(trainee_ids: set[int], today: dt.date | None = None) -> None:
    """Keep Trainee.current_post in step with the rotation running today, if any."""
    today = today or timezone.localdate()
    for trainee_id in trainee_ids:
        current = (
            Rotation.objects.filter(trainee_id=trainee_id)
            .on(today)
            .select_related("post__village")
            .first()
        )
        if current is not None:
            Trainee.objects.filter(pk=trainee_id).update(current_post=str(current.post)[:100])
        elif Rotation.objects.filter(trainee_id=trainee_id).exists():
            Trainee.objects.filter(pk=trainee_id).update(current_post="")
