"""Roster files for the import and export tests, built on tests/world.py: trainees placed in
county A's township (inside city and county A staff's scope)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from office.rosters import MENTOR_COLUMNS, TRAINEE_COLUMNS
from tests.factories import id_number_for

HEADERS = [c.header for c in TRAINEE_COLUMNS]
MENTOR_HEADERS = [c.header for c in MENTOR_COLUMNS]


def trainee_row(n: int, **changes) -> dict:
    birth = dt.date(1999 + n % 4, 1 + n % 12, 1 + n % 28)
    row = {
        "姓名": f"导入学员{n}",
        "性别": "男" if n % 2 else "女",
        "民族": "汉族",
        "出生日期": birth.isoformat(),
        "籍贯": "江苏南京",
        "身份证号": id_number_for(birth, 70000 + n),
        "手机号码": f"1370000{n:04d}",
        "政治面貌": "共青团员",
        "入党时间": "",
        "学历": "硕士研究生",
        "学位": "硕士",
        "毕业院校": "青山大学",
        "专业": "公共管理",
        "选调类别": "普通选调",
        "录用批次": "2026",
        "报到日期": "2026-08-01",
        "派驻县（市、区）": "甲县",
        "派驻乡镇（街道）": "甲镇",
        "派驻村（社区）": "甲村",
        "现任职务": "党政办科员",
        "状态": "",
    }
    row.update(changes)
    return row


def mentor_row(n: int, **changes) -> dict:
    row = {
        "姓名": f"导入导师{n}",
        "登录用户名": f"mentor-import-{n}",
        "所在县（市、区）": "甲县",
        "所在乡镇（街道）": "甲镇",
        "职务": "镇党委副书记",
        "专长领域": "基层党建",
        "最多带教人数": "2",
    }
    row.update(changes)
    return row


def xlsx_bytes(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or (list(rows[0]) if rows else HEADERS)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(content: bytes, name: str = "花名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
