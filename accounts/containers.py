"""Bounds on zip containers (.xlsx, .docx) checked from the zip's central directory alone,
before any member is decompressed: a 273 KB workbook that unzips to 84 MB held a worker for
two minutes. Python's zipfile never returns more than a member's declared size, so bounding
the declared sizes bounds what a parser can be made to read.

Limits are settings (config/settings/base.py, "UPLOAD BOUNDS")."""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MSG_CONTAINER_TOO_BIG = _(
    "The file unpacks to more than {size} MB, which is more than any form of ours needs. "
    "Remove images and unused sheets, or split it into smaller files."
)
MSG_CONTAINER_TOO_MANY_PARTS = _("The file has too many parts ({n}); it cannot be accepted.")
MSG_CONTAINER_BROKEN = _("The file is damaged or not a Word/Excel file; it cannot be accepted.")
MSG_SHARED_STRINGS_TOO_BIG = _(
    "The workbook's text table is larger than {size} MB. Save only the roster sheet in a new "
    "workbook and upload that."
)


class ContainerRefused(ValueError):
    """The container exceeds a bound; the message is for the user."""


class ContainerBroken(ContainerRefused):
    """Not a zip file at all."""


def check_container(fileobj) -> zipfile.ZipFile:
    """Refuse `fileobj` (a seekable binary file) if its declared contents exceed the bounds.
    Reads the central directory only; returns the open ZipFile for further checks."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ContainerBroken(MSG_CONTAINER_BROKEN) from None
    members = archive.infolist()
    if len(members) > settings.UPLOAD_MAX_ZIP_MEMBERS:
        raise ContainerRefused(MSG_CONTAINER_TOO_MANY_PARTS.format(n=len(members)))
    limit = settings.UPLOAD_MAX_UNZIPPED_BYTES
    if sum(member.file_size for member in members) > limit:
        raise ContainerRefused(MSG_CONTAINER_TOO_BIG.format(size=limit // (1024 * 1024)))
    return archive


def check_workbook(fileobj) -> None:
    """`check_container`, and a bound on the shared-strings table, which openpyxl reads whole
    into memory when it opens a workbook (even in read-only mode)."""
    archive = check_container(fileobj)
    limit = settings.UPLOAD_MAX_SHARED_STRINGS_BYTES
    for member in archive.infolist():
        if member.filename.lower().endswith("sharedstrings.xml") and member.file_size > limit:
            raise ContainerRefused(MSG_SHARED_STRINGS_TOO_BIG.format(size=limit // (1024 * 1024)))
