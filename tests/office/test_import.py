"""Importing a cohort roster and a mentor list: check every row, import all or nothing."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from cadets.idnumber import MSG_ID_CHECK
from cadets.models import Cohort, Trainee
from mentors.models import Mentor
from office import services, tasks
from office.models import ImportJob
from office.rosters import (
    MSG_BAD_DATE,
    MSG_DUPLICATE_IN_DATABASE,
    MSG_DUPLICATE_IN_FILE,
    MSG_MISSING_HEADERS,
    MSG_REQUIRED,
    MSG_UNKNOWN_COUNTY,
    MSG_UNKNOWN_HEADERS,
    MSG_USERNAME_TAKEN,
)
from office.sheets import MSG_EMPTY_FILE, MSG_NO_ROWS, MSG_NOT_XLSX, MSG_TOO_BIG, SheetError
from tests.notifications.conftest import celery_broker, free_port

from .builders import HEADERS, csv_bytes, mentor_row, trainee_row, upload, xlsx_bytes


def _check(actor, content: bytes, name: str = "花名册.xlsx", kind: str = "trainees"):
    job = services.import_job_create(actor=actor, kind=kind, upload=upload(content, name))
    return services.import_check(job_id=job.pk)


def _import(actor, job: ImportJob) -> ImportJob:
    assert services.import_start(actor=actor, job=job)
    return services.import_commit(job_id=job.pk)


def _bad_id(row: dict) -> str:
    good = row["身份证号"]
    return good[:17] + ("0" if good[17] != "0" else "1")


def test_a_valid_file_creates_exactly_its_rows(world):
    city = world.users["city_staff"]
    before = set(Trainee.objects.values_list("pk", flat=True))
    rows = [
        trainee_row(1),
        trainee_row(2, 政治面貌="中共党员", 入党时间="2020/6/1"),
        trainee_row(3),
    ]
    job = _check(city, xlsx_bytes(rows))
    assert job.status == ImportJob.Status.READY, job.report
    assert job.report["count"] == 3
    job = _import(city, job)
    assert job.status == ImportJob.Status.DONE
    assert job.progress == 100
    created = Trainee.objects.exclude(pk__in=before)
    assert created.count() == 3
    assert sorted(job.report["created"]) == sorted(created.values_list("pk", flat=True))
    second = created.get(name="导入学员2")
    assert second.political_status == Trainee.PoliticalStatus.PARTY_MEMBER
    assert second.party_joined_on == dt.date(2020, 6, 1)
    assert second.id_number == rows[1]["身份证号"]
    assert second.township == world.township_a and second.village == world.village_a
    assert second.cohort.year == 2026
    assert second.training_ends_on == dt.date(2028, 8, 1)
    assert second.history.count() == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.actor_id == city.pk and event.subject_id == str(job.pk)
    assert not job.file  # the roster does not stay on disk


def test_a_file_with_one_bad_row_creates_nothing_and_names_row_column_and_reason(world):
    city = world.users["city_staff"]
    count = Trainee.objects.count()
    rows = [trainee_row(n) for n in range(1, 7)]
    rows[1]["身份证号"] = _bad_id(rows[1])  # spreadsheet row 3
    rows[2]["派驻县（市、区）"] = "不存在县"  # row 4
    rows[3]["报到日期"] = "2026-13-45"  # row 5
    rows[4]["姓名"] = ""  # row 6
    rows[5].update({k: rows[0][k] for k in ("身份证号", "出生日期")})  # row 7
    job = _check(city, xlsx_bytes(rows))
    assert job.status == ImportJob.Status.INVALID
    errors = {(e["row"], e["column"], e["message"]) for e in job.errors}
    assert errors == {
        (3, "身份证号", str(MSG_ID_CHECK)),
        (4, "派驻县（市、区）", MSG_UNKNOWN_COUNTY.format(name="不存在县")),
        (5, "报到日期", str(MSG_BAD_DATE)),
        (6, "姓名", str(MSG_REQUIRED)),
        (7, "身份证号", MSG_DUPLICATE_IN_FILE.format(row=2)),
    }
    assert not services.import_start(actor=city, job=job)
    assert Trainee.objects.count() == count


def test_a_reimport_of_the_same_file_is_refused_as_duplicates(world):
    city = world.users["city_staff"]
    content = xlsx_bytes([trainee_row(1), trainee_row(2)])
    _import(city, _check(city, content))
    count = Trainee.objects.count()
    again = _check(city, content)
    assert again.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"], e["message"]) for e in again.errors] == [
        (2, "身份证号", str(MSG_DUPLICATE_IN_DATABASE)),
        (3, "身份证号", str(MSG_DUPLICATE_IN_DATABASE)),
    ]
    assert Trainee.objects.count() == count


def test_wrong_headers_are_named(world):
    row = trainee_row(1)
    row["学校"] = row.pop("毕业院校")
    job = _check(world.users["city_staff"], xlsx_bytes([row]))
    assert job.status == ImportJob.Status.INVALID
    messages = [e["message"] for e in job.errors]
    assert MSG_UNKNOWN_HEADERS.format(names="学校") in messages
    assert MSG_MISSING_HEADERS.format(names="毕业院校") in messages


def test_an_empty_file_is_refused_before_it_is_stored(world, media_root):
    with pytest.raises(SheetError, match=str(MSG_EMPTY_FILE)):
        _check(world.users["city_staff"], b"")
    assert not ImportJob.objects.exists()


def test_a_file_with_headers_only_has_no_rows(world):
    job = _check(world.users["city_staff"], xlsx_bytes([], headers=HEADERS))
    assert [e["message"] for e in job.errors] == [str(MSG_NO_ROWS)]


def test_a_non_spreadsheet_renamed_xlsx_is_refused(world):
    job = _check(world.users["city_staff"], b"%PDF-1.4 this is not a workbook" * 10)
    assert job.status == ImportJob.Status.INVALID
    assert [e["message"] for e in job.errors] == [str(MSG_NOT_XLSX)]


def test_a_file_over_the_size_limit_is_refused(world, login):
    client = login(world.users["city_staff"])
    big = upload(b"0" * (5 * 1024 * 1024 + 1))
    response = client.post(reverse("office:import_upload", args=["trainees"]), {"file": big})
    assert response.status_code == 200
    assert MSG_TOO_BIG.format(size=5) in response.content.decode()
    assert not ImportJob.objects.exists()


def test_formulas_are_imported_as_text_never_evaluated(world):
    city = world.users["city_staff"]
    job = _check(city, xlsx_bytes([trainee_row(1, 毕业院校='=HYPERLINK("http://x","y")')]))
    _import(city, job)
    assert Trainee.objects.get(name="导入学员1").school == '=HYPERLINK("http://x","y")'


def test_a_csv_file_in_gbk_is_read(world):
    city = world.users["city_staff"]
    job = _check(city, csv_bytes([trainee_row(1)], "gb18030"), name="花名册.csv")
    assert job.status == ImportJob.Status.READY, job.report
    assert _import(city, job).status == ImportJob.Status.DONE


def test_county_staff_cannot_place_trainees_in_another_county(world):
    row = trainee_row(
        1, **{"派驻县（市、区）": "乙县", "派驻乡镇（街道）": "乙镇", "派驻村（社区）": ""}
    )
    job = _check(world.users["county_staff"], xlsx_bytes([row]))
    assert [e["column"] for e in job.errors] == ["派驻县（市、区）"]


def test_a_new_cohort_is_created_with_the_import(world):
    city = world.users["city_staff"]
    job = _check(city, xlsx_bytes([trainee_row(1, 录用批次="2031")]))
    assert job.report["new_cohorts"] == [2031]
    _import(city, job)
    assert Trainee.objects.get(name="导入学员1").cohort == Cohort.objects.get(year=2031)


# Rows enough for a file over the inline limit (128 KB: some 1,400 rows), so that it goes to the
# task; the time of a 10,000-row import is `make bench`'s (bench/runner.py, roster_import).
LARGE_FILE_ROWS = 2_000


def test_a_large_file_completes_as_a_task_with_progress(world):
    city = world.users["city_staff"]
    content = xlsx_bytes([trainee_row(n) for n in range(LARGE_FILE_ROWS)])
    job = services.import_job_create(actor=city, kind="trainees", upload=upload(content))
    assert not services.import_runs_inline(job)

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        tasks.check_import(job.pk)  # what the worker runs
    progress = [q for q in queries if 'UPDATE "office_importjob" SET "progress"' in q["sql"]]
    assert len(progress) == LARGE_FILE_ROWS // 200  # every 200 rows, for the polling page
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.errors[:3]
    assert job.progress == 100 and job.rows == LARGE_FILE_ROWS
    assert services.import_start(actor=city, job=job)
    tasks.commit_import(job.pk)
    elapsed = time.monotonic() - started
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.progress == 100
    assert Trainee.objects.filter(name__startswith="导入学员").count() == LARGE_FILE_ROWS
    assert len(job.report["created"]) == LARGE_FILE_ROWS
    print(f"{LARGE_FILE_ROWS:,} rows checked and imported in {elapsed:.1f} s")


def test_the_upload_page_runs_a_large_file_as_a_task(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.OFFICE_IMPORT_INLINE_MAX_BYTES = 10
    client = login(world.users["city_staff"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("office:import_upload", args=["trainees"]),
            {"file": upload(xlsx_bytes([trainee_row(1)]))},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.CHECKING
    assert len(callbacks) == 1  # the task is queued once the job is committed
    page = client.get(reverse("office:import_job", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in page.content.decode()
    services.import_check(job_id=job.pk)
    progress = client.get(reverse("office:import_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"


def test_the_report_page_masks_id_numbers(world, login):
    client = login(world.users["city_staff"])
    rows = [trainee_row(1), trainee_row(2)]
    response = client.post(
        reverse("office:import_upload", args=["trainees"]), {"file": upload(xlsx_bytes(rows))}
    )
    page = client.get(response["Location"])
    text = page.content.decode()
    assert rows[0]["身份证号"] not in text
    assert rows[0]["身份证号"][:4] + "**********" + rows[0]["身份证号"][-4:] in text
    done = client.post(
        reverse("office:import_confirm", args=[ImportJob.objects.get().pk]), follow=True
    )
    assert "导入学员2" in done.content.decode()


def test_mentors_are_imported_with_accounts_without_passwords(world):
    city = world.users["city_staff"]
    job = _check(city, xlsx_bytes([mentor_row(1), mentor_row(2, 所在乡镇="")]), kind="mentors")
    assert job.status == ImportJob.Status.READY, job.report
    _import(city, job)
    mentor = Mentor.objects.get(name="导入导师1")
    assert mentor.unit == world.township_a and mentor.max_mentees == 2
    assert mentor.user.role == "mentor" and not mentor.user.has_usable_password()
    again = _check(city, xlsx_bytes([mentor_row(1)]), kind="mentors")
    assert [e["message"] for e in again.errors] == [str(MSG_USERNAME_TAKEN)]
    assert User.objects.filter(username="mentor-import-1").count() == 1


def broker_unreachable():
    """This process's Celery app pointed at a port nobody listens on. Its pools are made again
    on the way in and out, or later tests would publish through the dead connection."""
    return celery_broker(f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture
def broker_down():
    with broker_unreachable():
        yield


def test_a_large_import_is_done_during_the_request_when_the_task_queue_is_down(
    world, login, settings, broker_down, caplog, django_capture_on_commit_callbacks
):
    """It used to answer 500 and leave the job "checking" for ever."""
    settings.OFFICE_IMPORT_INLINE_MAX_BYTES = 10
    client = login(world.users["city_staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("office:import_upload", args=["trainees"]),
            {"file": upload(xlsx_bytes([trainee_row(1)]))},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("office:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Trainee.objects.filter(name="导入学员1").exists()
    assert sum("task queue is unreachable" in r.getMessage() for r in caplog.records) == 2


def test_after_the_outage_the_app_publishes_to_the_real_broker_again():
    """The outage above must end with the test: the suite's later sweeps queued through the
    dead address, each publish failing after a second of retries (CI crawled for minutes)."""
    tasks.discard_stale_imports.delay()  # the app's pools for the real broker exist
    with broker_unreachable():
        pass
    tasks.discard_stale_imports.delay()  # raises the broker's error if it still points there
