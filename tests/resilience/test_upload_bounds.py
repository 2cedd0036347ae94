"""Hostile containers: a workbook that unzips to more than the bounds, an oversized text table,
a sheet that declares a million rows, a .docx bomb as an attachment — each refused from the zip's
directory before its contents are decompressed or parsed, measured by the bytes read."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.containers import MSG_CONTAINER_TOO_BIG, MSG_SHARED_STRINGS_TOO_BIG
from office.models import ImportJob
from office.sheets import SheetError, check_xlsx_bounds, read_sheet
from rotations.services import attachment_check
from tests.office.builders import HEADERS, trainee_row, xlsx_bytes

MB = 1024 * 1024


class CountingFile(io.BytesIO):
    """A file that counts the bytes read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def _with_member(workbook: bytes, name: str, megabytes: int) -> bytes:
    """`workbook` with member `name` replaced by `megabytes` MB of repetitive XML, which
    deflates to a few kilobytes (a zip bomb's shape)."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member, source.read(member))
        with target.open(name, "w") as bomb:
            chunk = b'<row><c t="s"><v>0</v></c></row>' * (MB // 32)
            for _ in range(megabytes):
                bomb.write(chunk)
    return out.getvalue()


def _member_compressed_size(data: bytes, name: str) -> int:
    return zipfile.ZipFile(io.BytesIO(data)).getinfo(name).compress_size


@pytest.fixture
def roster() -> bytes:
    return xlsx_bytes([trainee_row(1)])


def test_a_workbook_that_unzips_past_the_bound_is_refused_unread(roster, settings):
    bomb = _with_member(roster, "xl/worksheets/sheet1.xml", 70)  # 70 MB > 64 MB
    assert len(bomb) < 1 * MB
    counting = CountingFile(bomb)
    with pytest.raises(SheetError) as refused:
        check_xlsx_bounds(counting)
    limit = settings.UPLOAD_MAX_UNZIPPED_BYTES // MB
    assert str(refused.value) == str(MSG_CONTAINER_TOO_BIG.format(size=limit))
    assert "解压" in str(refused.value)
    # Only the zip's directory was read: not even the compressed sheet.
    assert counting.bytes_read < _member_compressed_size(bomb, "xl/worksheets/sheet1.xml")


def test_an_oversized_shared_strings_table_is_refused_before_openpyxl_loads_it(roster, tmp_path):
    data = xlsx_bytes([trainee_row(1)], headers=HEADERS)
    bomb = _with_member(data, "xl/sharedStrings.xml", 30)  # 30 MB > 24 MB, under 64 MB total
    counting = CountingFile(bomb)
    with pytest.raises(SheetError) as refused:
        check_xlsx_bounds(counting)
    assert str(refused.value) == str(MSG_SHARED_STRINGS_TOO_BIG.format(size=24))
    assert counting.bytes_read < _member_compressed_size(bomb, "xl/sharedStrings.xml")
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(SheetError):
        read_sheet(path, "bomb.xlsx")


def test_a_sheet_declaring_a_million_rows_is_refused_before_its_rows_are_read(roster, tmp_path):
    source = zipfile.ZipFile(io.BytesIO(roster))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1
                )
            target.writestr(member, content)
    path = tmp_path / "tall.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(SheetError) as refused:
        read_sheet(path, "tall.xlsx")
    assert "1048576" in str(refused.value)


def test_the_import_page_refuses_a_bomb_in_chinese_and_stores_nothing(
    world, login, roster, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    bomb = _with_member(roster, "xl/worksheets/sheet1.xml", 70)
    client = login(world.users["city_staff"])
    response = client.post(
        reverse("office:import_upload", args=["trainees"]),
        {"file": SimpleUploadedFile("花名册.xlsx", bomb)},
    )
    assert response.status_code == 200
    assert "解压后超过 64 MB" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.xlsx"))


def test_a_docx_bomb_attachment_is_refused(roster):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        with target.open("word/document.xml", "w") as bomb:
            for _ in range(70):
                bomb.write(b"<w:p/>" * (MB // 6))
    upload = SimpleUploadedFile("报告.docx", docx.getvalue())
    with pytest.raises(ValidationError) as refused:
        attachment_check(upload)
    assert refused.value.code == "container"


def test_an_ordinary_roster_passes_the_bounds(roster):
    check_xlsx_bounds(io.BytesIO(roster))


# --- Unconfirmed imports and media ----------------------------------------------------------


def _roster_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("花名册.xlsx", xlsx_bytes([trainee_row(1)]))


def test_an_import_never_confirmed_is_discarded_with_its_file_after_the_ttl(
    world, settings, tmp_path
):
    import datetime as dt

    from django.utils import timezone

    from office import services, tasks

    settings.MEDIA_ROOT = tmp_path / "media"
    city = world.users["city_staff"]
    stale = services.import_job_create(actor=city, kind="trainees", upload=_roster_upload())
    fresh = services.import_job_create(actor=city, kind="trainees", upload=_roster_upload())
    ImportJob.objects.filter(pk=stale.pk).update(
        status=ImportJob.Status.READY,
        created_at=timezone.now()
        - settings.OFFICE_IMPORT_UNCONFIRMED_TTL
        - dt.timedelta(minutes=1),
    )
    stale_path = stale.file.path
    assert tasks.discard_stale_imports() == 1
    assert not ImportJob.objects.filter(pk=stale.pk).exists()
    assert not __import__("os").path.exists(stale_path)
    assert ImportJob.objects.filter(pk=fresh.pk).exists()
    assert settings.CELERY_BEAT_SCHEDULE["office-discard-stale-imports"]["task"] == (
        "office.tasks.discard_stale_imports"
    )


def test_media_are_never_served_without_a_scoped_view(world, login, settings, tmp_path):
    from django.urls import Resolver404, resolve

    from office import services

    settings.MEDIA_ROOT = tmp_path / "media"
    job = services.import_job_create(
        actor=world.users["city_staff"], kind="trainees", upload=_roster_upload()
    )
    with pytest.raises(Resolver404):
        resolve(f"/media/{job.file.name}")
    client = login(world.users["city_staff"])
    assert client.get(f"/media/{job.file.name}").status_code == 404
