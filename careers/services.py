"""Writes of the careers app: transfers and their approval, follow-up records and closures,
post profiles and shortlists (and the outcomes made from them)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Outcome
from assessments.services import outcome_record
from audit.models import AuditEvent
from audit.services import audit_record
from cadets.models import Programme, Trainee, add_months
from mentors.models import Mentorship
from rotations.models import Rotation

from .matching import Candidate
from .models import (
    CareersConfig,
    FollowUp,
    FollowUpClosure,
    PostProfile,
    Shortlist,
    ShortlistEntry,
    Transfer,
    TransferDecision,
)

MSG_EARLY_NEEDS_REASON = _(
    "This transfer takes effect before the minimum service period of {years} years ends "
    "(on {date}): state the reason."
)
MSG_NOT_PENDING = _("This transfer has already been decided.")
MSG_STATUS_NOT_ALLOWED = _("A trainee who is “{status}” cannot be transferred.")
MSG_FOLLOW_UP_CLOSED = _("The follow-up of this trainee has been closed.")
MSG_FOLLOW_UP_YEAR = _("A follow-up record is for a year after the training period.")
MSG_ALREADY_CLOSED = _("The follow-up of this trainee is already closed.")
MSG_SHORTLIST_EMPTY = _("Choose at least one trainee for the shortlist.")

# Kinds that take a trainee out of the hiring body: inside the minimum service period they need
# a stated reason. Secondments (上挂, 下派) are temporary and 调入 brings a trainee in.
LEAVING_KINDS = {
    Transfer.Kind.EXCHANGE,
    Transfer.Kind.OUT,
    Transfer.Kind.RESIGNATION,
    Transfer.Kind.OTHER,
}
# The trainee's status after an accepted transfer of these kinds.
STATUS_AFTER = {
    Transfer.Kind.OUT: Trainee.Status.TRANSFERRED,
    Transfer.Kind.RESIGNATION: Trainee.Status.RESIGNED,
}
MOVABLE_STATUSES = {Trainee.Status.TRAINING, Trainee.Status.COMPLETED}


def minimum_service_ends_on(trainee: Trainee, programme: Programme | None = None) -> dt.date:
    programme = programme or Programme.current()
    return add_months(trainee.reported_on, 12 * programme.minimum_service_years)


def is_early(transfer: Transfer, programme: Programme | None = None) -> bool:
    """Inside the minimum service period, for a kind that leaves the hiring body."""
    return transfer.kind in LEAVING_KINDS and transfer.effective_on < minimum_service_ends_on(
        transfer.trainee, programme
    )


def leaves_follow_up(transfer: Transfer) -> bool:
    """A resignation, or a transfer out to a body outside the organisation tree (another
    province, an enterprise): the follow-up of the trainee ends."""
    return transfer.kind == Transfer.Kind.RESIGNATION or (
        transfer.kind == Transfer.Kind.OUT and not transfer.to_unit_id
    )


@transaction.atomic
def transfer_draft(*, actor, transfer: Transfer) -> Transfer:
    if not actor.has_perm("careers.draft_transfer"):
        raise PermissionDenied
    trainee = transfer.trainee
    if trainee.status not in MOVABLE_STATUSES:
        raise ValidationError(MSG_STATUS_NOT_ALLOWED.format(status=trainee.get_status_display()))
    programme = Programme.current()
    transfer.early = is_early(transfer, programme)
    if transfer.early and not transfer.reason.strip():
        raise ValidationError(
            {
                "reason": MSG_EARLY_NEEDS_REASON.format(
                    years=programme.minimum_service_years,
                    date=minimum_service_ends_on(trainee, programme).isoformat(),
                )
            }
        )
    transfer.status = Transfer.Status.PENDING
    transfer.levels_needed = CareersConfig.current().transfer_approval_levels
    transfer.levels_done = 0
    transfer.drafted_by = actor
    transfer.full_clean()
    transfer.save()
    audit_record(action=AuditEvent.Action.TRANSFER_DRAFTED, actor=actor, subject=transfer)
    return transfer


@transaction.atomic
def transfer_decide(*, actor, transfer: Transfer, approve: bool, comment: str = "") -> Transfer:
    """One level's decision. The last level's approval accepts the transfer and applies it."""
    transfer = Transfer.objects.select_for_update().select_related("trainee").get(pk=transfer.pk)
    if transfer.status != Transfer.Status.PENDING:
        raise ValidationError(MSG_NOT_PENDING)
    if not actor.has_perm("careers.decide_transfer", transfer):
        raise PermissionDenied
    level = transfer.levels_done + 1
    TransferDecision.objects.create(
        transfer=transfer, level=level, approved=approve, comment=comment, decided_by=actor
    )
    if not approve:
        transfer.status = Transfer.Status.REFUSED
        transfer.decided_at = timezone.now()
    else:
        transfer.levels_done = level
        if level >= transfer.levels_needed:
            transfer.status = Transfer.Status.ACCEPTED
            transfer.decided_at = timezone.now()
    transfer._change_reason = comment[:100]
    transfer.save()
    audit_record(
        action=AuditEvent.Action.TRANSFER_DECIDED,
        actor=actor,
        subject=transfer,
        field="status",
        reason=f"{transfer.status} (level {level}) {comment}"[:500],
    )
    if transfer.status == Transfer.Status.ACCEPTED:
        _apply(actor=actor, transfer=transfer)
    return transfer


def _apply(*, actor, transfer: Transfer) -> None:
    """The accepted transfer takes effect: running rotations and mentorships end on the
    effective date (planned ones after it are removed, kept in their history), then the
    placement, the post and the status change. The caller's transaction holds it together."""
    trainee = Trainee.objects.select_for_update().get(pk=transfer.trainee_id)
    day = transfer.effective_on
    for rotation in Rotation.objects.filter(trainee=trainee).overlapping(day, None):
        rotation._change_reason = str(_("Transfer"))
        if rotation.starts_on > day:
            rotation.delete()
        else:
            rotation.ends_on = day
            rotation.save(update_fields=["ends_on"])
    mentorships = Mentorship.objects.filter(trainee=trainee).exclude(ends_on__lte=day)
    for mentorship in mentorships:
        mentorship._change_reason = str(_("Transfer"))
        if mentorship.starts_on > day:
            mentorship.delete()
        else:
            mentorship.ends_on = day
            mentorship.save(update_fields=["ends_on"])
    fields = ["current_post", "version", "updated_at"]
    if transfer.to_unit_id:
        unit = transfer.to_unit
        if unit.kind == unit.Kind.VILLAGE:
            trainee.village, trainee.township = unit, unit.parent
        else:
            trainee.village, trainee.township = None, unit
        trainee.county_id = trainee.township.parent_id
        fields += ["village", "township", "county"]
    trainee.current_post = transfer.to_post or (transfer.to_body if not transfer.to_unit_id else "")
    new_status = STATUS_AFTER.get(transfer.kind)
    if new_status and new_status in trainee.allowed_next_statuses():
        trainee.status = new_status
        fields.append("status")
    trainee.version += 1
    trainee._change_reason = str(transfer)[:100]
    trainee.full_clean(exclude=["id_number"])
    trainee.save(update_fields=fields)
    if leaves_follow_up(transfer) and not FollowUpClosure.objects.filter(trainee=trainee).exists():
        FollowUpClosure.objects.create(
            trainee=trainee,
            closed_on=day,
            reason=transfer.get_kind_display()
            + (f" · {transfer.to_body}" if transfer.to_body else ""),
            transfer=transfer,
            closed_by=actor,
        )


# Follow-up ----------------------------------------------------------------------------------


def follow_up_years(trainee: Trainee, config: CareersConfig | None = None) -> range:
    """The calendar years a trainee is followed up for: the N years after the one in which
    the training period ends."""
    config = config or CareersConfig.current()
    first = trainee.training_ends_on.year + 1
    return range(first, first + config.follow_up_years)


@transaction.atomic
def follow_up_record(*, actor, follow_up: FollowUp) -> FollowUp:
    if not actor.has_perm("careers.record_follow_up"):
        raise PermissionDenied
    if FollowUpClosure.objects.filter(trainee_id=follow_up.trainee_id).exists():
        raise ValidationError(MSG_FOLLOW_UP_CLOSED)
    if follow_up.year not in follow_up_years(follow_up.trainee):
        raise ValidationError({"year": MSG_FOLLOW_UP_YEAR})
    follow_up.recorded_by = actor
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_close(*, actor, trainee: Trainee, closed_on: dt.date, reason: str) -> FollowUpClosure:
    if not actor.has_perm("careers.record_follow_up"):
        raise PermissionDenied
    if FollowUpClosure.objects.filter(trainee=trainee).exists():
        raise ValidationError(MSG_ALREADY_CLOSED)
    closure = FollowUpClosure(trainee=trainee, closed_on=closed_on, reason=reason, closed_by=actor)
    closure.full_clean()
    closure.save()
    audit_record(
        action=AuditEvent.Action.FOLLOW_UP_CLOSED, actor=actor, subject=closure, reason=reason
    )
    return closure


# Matching -----------------------------------------------------------------------------------


@transaction.atomic
def profile_save(*, actor, profile: PostProfile, categories, counties) -> PostProfile:
    if not actor.has_perm("careers.use_matching"):
        raise PermissionDenied
    if profile.pk is None:
        profile.created_by = actor
        profile.owner_unit = actor.org_unit or _top_unit()
    profile.full_clean()
    profile.save()
    profile.categories.set(categories)
    profile.counties.set(counties)
    return profile


def _top_unit():
    from accounts.models import OrgUnit

    return OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()


@transaction.atomic
def shortlist_save(
    *, actor, profile: PostProfile, candidates: list[Candidate], note: str = ""
) -> Shortlist:
    if not actor.has_perm("careers.use_matching"):
        raise PermissionDenied
    if not candidates:
        raise ValidationError(MSG_SHORTLIST_EMPTY)
    shortlist = Shortlist(profile=profile, note=note, created_by=actor)
    shortlist.full_clean()
    shortlist.save()
    ShortlistEntry.objects.bulk_create(
        ShortlistEntry(
            shortlist=shortlist,
            trainee=c.trainee,
            position=position,
            matches="\n".join(str(s) for s in c.matches),
            lacks="\n".join(str(s) for s in c.lacks),
        )
        for position, c in enumerate(candidates, start=1)
    )
    return shortlist


@transaction.atomic
def shortlist_outcomes(
    *, actor, shortlist: Shortlist, entries: list[ShortlistEntry], kind: str, decided_on: dt.date
) -> list[Outcome]:
    """Placements or promotions to the profile's post for the chosen entries."""
    outcomes = []
    for entry in entries:
        outcome = outcome_record(
            actor=actor,
            outcome=Outcome(
                trainee=entry.trainee,
                kind=kind,
                post=shortlist.profile.name[:100],
                reason=str(_("Chosen from the shortlist for {post}.")).format(
                    post=shortlist.profile.name
                )
                + ("\n" + entry.matches if entry.matches else ""),
                decided_on=decided_on,
            ),
        )
        entry.outcome_recorded = True
        entry.save(update_fields=["outcome_recorded"])
        outcomes.append(outcome)
    return outcomes
