"""Imports: upload → check (every row's errors) → import only a wholly valid file, in one
transaction. Both steps are idempotent on the job's status, so a Celery task delivered twice
(acks_late) does its work once; the views run small files inline and queue large ones.

The checking step writes only the job's progress, in autocommit, so the page can poll it. The
import step checks the file again (the database may have changed since the preview), then
creates every record, the history rows, the audit event and the job's final status in one
transaction: a worker killed half-way leaves nothing behind and the redelivered task starts over.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from audit.services import Action, audit_record
from cadets.models import Trainee
from mentors.models import Mentor

from .models import ImportJob
from .rosters import ROSTERS, Checked, RowError
from .sheets import SheetError, check_upload, check_xlsx_bounds, read_sheet

logger = logging.getLogger(__name__)

MSG_CONFLICT = _(
    "Someone registered some of these records while the file was being imported; nothing was "
    "imported. Check the file again."
)
MSG_NOT_READY = _("This file cannot be imported: it has errors or was imported already.")
BATCH_SIZE = 500


def import_job_create(*, actor, kind: str, upload) -> ImportJob:
    """Store the upload under a random name and open a job for it. Raises SheetError for a
    file refused before reading (extension, empty, too large)."""
    if not actor.has_perm("office.import_data"):
        raise PermissionDenied
    check_upload(upload.name, upload.size)
    extension = ".csv" if upload.name.lower().endswith(".csv") else ".xlsx"
    if extension == ".xlsx":
        # Refused in the request, from the zip's directory, before it is stored or parsed.
        check_xlsx_bounds(upload, broken_ok=True)
        upload.seek(0)
    job = ImportJob(kind=kind, created_by=actor, original_name=upload.name[-200:])
    job.file.save(f"{secrets.token_hex(16)}{extension}", upload, save=False)
    job.save()
    return job


def import_runs_inline(job: ImportJob) -> bool:
    """Small files are checked and imported during the request; large ones by a task."""
    limit = getattr(settings, "OFFICE_IMPORT_INLINE_MAX_BYTES", 128 * 1024)
    try:
        return job.file.size <= limit
    except OSError:
        return True


def import_check(*, job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJob.Status.CHECKING:
        return job
    with translation.override(_language_of(job.created_by)):
        checked = _check(job, scale=100)
        if not checked.ok:
            return _finish_invalid(job, checked.errors)
        job.status = ImportJob.Status.READY
        job.progress = 100
        job.report = {
            "errors": [],
            "preview": checked.preview,
            "count": len(checked.objects),
            "new_cohorts": sorted(checked.new_cohorts),
        }
        job.save(update_fields=["status", "progress", "report", "rows"])
    return job


def import_start(*, actor, job: ImportJob) -> bool:
    """Claim a checked job for importing; False if it is not ready (or claimed already)."""
    if not actor.has_perm("office.import_data"):
        raise PermissionDenied
    if job.created_by_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.IMPORTING, progress=0
    )
    return bool(claimed)


def import_commit(*, job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJob.Status.IMPORTING:
        return job
    with translation.override(_language_of(job.created_by)):
        # Checking again takes most of the time; it reports the first 90%.
        checked = _check(job, scale=90)
        if not checked.ok:
            return _finish_invalid(job, checked.errors)
        try:
            with transaction.atomic():
                created = _create(job, checked)
                audit_record(
                    action=Action.IMPORT,
                    actor=job.created_by,
                    subject=job,
                    reason=f"{job.get_kind_display()}: {len(created)}",
                )
                job.status = ImportJob.Status.DONE
                job.progress = 100
                job.finished_at = timezone.now()
                job.report = {**job.report, "errors": [], "created": created}
                job.save(update_fields=["status", "progress", "finished_at", "report", "rows"])
        except IntegrityError:
            return _finish_invalid(job, [RowError(0, "", str(MSG_CONFLICT))])
    _discard_file(job)
    return job


def _check(job: ImportJob, *, scale: int) -> Checked:
    roster = ROSTERS[job.kind]()
    try:
        sheet = read_sheet(job.file.path, job.original_name)
    except SheetError as error:
        return Checked(errors=[RowError(0, "", str(error))])
    job.rows = len(sheet.rows)

    def progress(percent: int) -> None:
        value = min(percent * scale // 100, 99)
        ImportJob.objects.filter(pk=job.pk).update(progress=value)

    return roster.check(sheet, actor=job.created_by, progress=progress)


def _create(job: ImportJob, checked: Checked) -> list[int]:
    for cohort in checked.new_cohorts.values():
        cohort.full_clean()
        cohort.save()
    if job.kind == ImportJob.Kind.TRAINEES:
        trainees: list[Trainee] = checked.objects
        for trainee in trainees:
            trainee.cohort = trainee.cohort  # picks up the id of a cohort created just now
        bulk_create_with_history(
            trainees, Trainee, batch_size=BATCH_SIZE, default_user=job.created_by
        )
        return [t.pk for t in trainees]
    users = User.objects.bulk_create([o.user for o in checked.objects], batch_size=BATCH_SIZE)
    mentors = []
    for new, user in zip(checked.objects, users, strict=True):
        new.mentor.user = user
        mentors.append(new.mentor)
    bulk_create_with_history(mentors, Mentor, batch_size=BATCH_SIZE, default_user=job.created_by)
    return [m.pk for m in mentors]


def _finish_invalid(job: ImportJob, errors: list[RowError]) -> ImportJob:
    job.status = ImportJob.Status.INVALID
    job.progress = 100
    job.finished_at = timezone.now()
    job.report = {"errors": [e.as_dict() for e in errors]}
    job.save(update_fields=["status", "progress", "finished_at", "report", "rows"])
    _discard_file(job)
    return job


def _discard_file(job: ImportJob) -> None:
    """The records are in the database now (or the file was refused): the copy of a roster
    full of ID numbers does not stay on disk."""
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def import_jobs_discard_stale(*, now: dt.datetime | None = None) -> int:
    """Delete imports checked but never confirmed (or whose check never finished) within
    OFFICE_IMPORT_UNCONFIRMED_TTL, with their files: an uploaded roster holds full ID numbers.
    Imported jobs keep their row (the history of what was imported); their file is gone."""
    now = now or timezone.now()
    stale = ImportJob.objects.filter(
        status__in=[ImportJob.Status.CHECKING, ImportJob.Status.READY, ImportJob.Status.INVALID],
        created_at__lt=now - settings.OFFICE_IMPORT_UNCONFIRMED_TTL,
    )
    count = 0
    for job in stale:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    if count:
        logger.info("%s unconfirmed imports discarded", count)
    return count


def _language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE
