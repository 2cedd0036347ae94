"""What a roster file holds and how its rows become records: the trainee roster and the
mentor list.

Headers are Chinese and fixed: the file is a form that organisation departments fill in, so it
does not change with the interface language. Each row is parsed, turned into an unsaved model
and checked with the model's own `full_clean()`; what needs the database is checked for all rows
at once (units and cohorts loaded once, duplicate ID numbers and usernames in one query each),
so a 10,000-row file costs a handful of queries. Messages name the row, the column and the
reason, and never repeat an ID number: the report is shown on a page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from accounts.models import OrgUnit, Role, User
from accounts.scoping import units_q
from cadets import crypto
from cadets.idnumber import birth_date_of, mask_id_number, normalise_id_number
from cadets.models import Cohort, Programme, Trainee
from mentors.models import Mentor

from .sheets import Sheet, clean_text

MSG_REQUIRED = gettext_lazy("This column is required.")
MSG_BAD_DATE = gettext_lazy("Not a date: write it as 2026-08-01.")
MSG_BAD_CHOICE = gettext_lazy("Unknown value; use one of: {choices}.")
MSG_BAD_NUMBER = gettext_lazy("Not a whole number.")
MSG_BAD_YEAR = gettext_lazy("Give the cohort as a year, e.g. 2026.")
MSG_ID_AS_NUMBER = gettext_lazy(
    "The ID number is stored as a number, which Excel rounds: format the column as text and "
    "type it again."
)
MSG_DUPLICATE_IN_FILE = gettext_lazy("The same ID number is already in row {row}.")
MSG_DUPLICATE_IN_DATABASE = gettext_lazy("A trainee with this ID number is already registered.")
MSG_UNKNOWN_COUNTY = gettext_lazy("Unknown county (or outside your area): “{name}”.")
MSG_UNKNOWN_TOWNSHIP = gettext_lazy("No township “{name}” in this county.")
MSG_UNKNOWN_VILLAGE = gettext_lazy("No village “{name}” in this township.")
MSG_UNKNOWN_HEADERS = gettext_lazy("Unknown columns: {names}. Use the headers of the template.")
MSG_MISSING_HEADERS = gettext_lazy("Missing columns: {names}. Use the headers of the template.")
MSG_REPEATED_HEADERS = gettext_lazy("Columns that appear twice: {names}.")
MSG_USERNAME_IN_FILE = gettext_lazy("The same username is already in row {row}.")
MSG_USERNAME_TAKEN = gettext_lazy("This username is already taken.")
MSG_UNKNOWN_UNIT = gettext_lazy("Unknown unit (or outside your area): “{name}”.")

DATE_PATTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    example: str = ""


@dataclass
class RowError:
    row: int  # 0: the file as a whole (its headers)
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Checked:
    """The result of checking a file: the records to create, or the errors."""

    objects: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)
    # New cohorts the import would create (by year).
    new_cohorts: dict[int, Cohort] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class Roster:
    """The common part: headers, row loop and error collection."""

    kind: str
    title: str
    columns: tuple[Column, ...]
    preview_fields: tuple[str, ...]
    PREVIEW_ROWS = 20

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def check_headers(self, sheet: Sheet) -> list[RowError]:
        known = {c.header for c in self.columns}
        required = {c.header for c in self.columns if c.required}
        present = [h for h in sheet.headers if h]
        errors = []
        repeated = sorted({h for h in present if present.count(h) > 1})
        if repeated:
            errors.append(RowError(1, "", MSG_REPEATED_HEADERS.format(names="、".join(repeated))))
        unknown = [h for h in present if h not in known]
        if unknown:
            errors.append(RowError(1, "", MSG_UNKNOWN_HEADERS.format(names="、".join(unknown))))
        missing = [c.header for c in self.columns if c.header in required - set(present)]
        if missing:
            errors.append(RowError(1, "", MSG_MISSING_HEADERS.format(names="、".join(missing))))
        return errors

    def check(self, sheet: Sheet, *, actor, progress: Callable[[int], None] | None = None):
        errors = self.check_headers(sheet)
        if errors:
            return Checked(errors=errors)
        index = {h: i for i, h in enumerate(sheet.headers) if h}
        by_field = {c.field: c for c in self.columns}
        self.prepare(sheet, index, actor)
        result = Checked()
        total = len(sheet.rows)
        for n, (number, cells) in enumerate(sheet.rows, start=1):
            raw = {
                c.field: cells[index[c.header]] if c.header in index else None for c in self.columns
            }
            row_errors: list[RowError] = []

            def fail(field_name: str, message, number=number, row_errors=row_errors) -> None:
                row_errors.append(RowError(number, by_field[field_name].header, str(message)))

            for column in self.columns:
                if column.required and clean_text(raw[column.field]) == "":
                    fail(column.field, MSG_REQUIRED)
            obj = self.build(number, raw, fail, result)
            if obj is not None:
                self.validate(obj, {e.column for e in row_errors}, fail)
            result.errors.extend(row_errors)
            if obj is not None and not row_errors:
                result.objects.append(obj)
                if len(result.preview) < self.PREVIEW_ROWS:
                    result.preview.append([number, *self.preview_row(obj)])
            if progress is not None and (n % 200 == 0 or n == total):
                progress(n * 100 // total)
        self.check_database(result)
        result.errors.sort(key=lambda e: e.row)
        return result

    def validate(self, obj, failed_headers: set[str], fail) -> None:
        """The model's own validation, for the fields that parsed; database checks (foreign
        keys, uniqueness, constraints) are done for all rows at once elsewhere."""
        header_of = {c.field: c.header for c in self.columns}
        failed = [f for f, h in header_of.items() if h in failed_headers]
        try:
            obj.full_clean(
                exclude=[*failed, *self.clean_exclude],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                target = name if name in header_of else self.columns[0].field
                for message in messages:
                    if name == NON_FIELD_ERRORS or name not in header_of:
                        fail(target, message)
                    elif header_of[name] not in failed_headers:
                        fail(name, message)

    # Subclasses ---------------------------------------------------------------------------
    clean_exclude: tuple[str, ...] = ()

    def prepare(self, sheet: Sheet, index: dict[str, int], actor) -> None:
        raise NotImplementedError

    def build(self, number: int, raw: dict, fail, result: Checked):
        raise NotImplementedError

    def check_database(self, result: Checked) -> None:
        raise NotImplementedError

    def preview_row(self, obj) -> list[str]:
        raise NotImplementedError

    def example_row(self) -> list[str]:
        return [c.example for c in self.columns]


# Parsing cells ------------------------------------------------------------------------------


def parse_date(value) -> dt.date | None:
    """A date cell, or text like 2026-08-01, 2026/8/1, 2026.8.1, 2026年8月1日, 20260801.
    Raises ValueError on anything else."""
    if value is None or clean_text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean_text(value)
    match = DATE_PATTERN.fullmatch(text)
    if match:
        return dt.date(*(int(part) for part in match.groups()))
    if re.fullmatch(r"\d{8}", text):
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    raise ValueError(text)


def choice_map(choices) -> dict[str, str]:
    """Value, Chinese label and English label of each choice, all mapped to the value."""
    mapping = {}
    for value, label in choices:
        mapping[str(value).lower()] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                mapping[str(label).lower()] = value
    return mapping


def choice_labels(choices) -> str:
    with translation.override("zh-hans"):
        return "、".join(str(label) for _value, label in choices)


# The trainee roster -------------------------------------------------------------------------

TRAINEE_COLUMNS = (
    Column("name", "姓名", True, "张晓明"),
    Column("sex", "性别", True, "男"),
    Column("ethnicity", "民族", False, "汉族"),
    Column("birth_date", "出生日期", False, "2001-03-15"),
    Column("native_place", "籍贯", False, "江苏南京"),
    Column("id_number", "身份证号", True, ""),
    Column("phone", "手机号码", False, ""),
    Column("political_status", "政治面貌", True, "中共党员"),
    Column("party_joined_on", "入党时间", False, "2021-06-01"),
    Column("education", "学历", True, "硕士研究生"),
    Column("degree", "学位", True, "硕士"),
    Column("school", "毕业院校", True, "青山大学"),
    Column("major", "专业", True, "公共管理"),
    Column("stream", "选调类别", True, "普通选调"),
    Column("cohort", "录用批次", True, "2026"),
    Column("reported_on", "报到日期", True, "2026-08-01"),
    Column("county", "派驻县（市、区）", True, "东湖县"),
    Column("township", "派驻乡镇（街道）", True, "青石镇"),
    Column("village", "派驻村（社区）", False, ""),
    Column("current_post", "现任职务", False, "党政办科员"),
    Column("status", "状态", False, "在岗锻炼"),
)

TRAINEE_CHOICES = {
    "sex": Trainee.Sex.choices,
    "political_status": Trainee.PoliticalStatus.choices,
    "education": Trainee.Education.choices,
    "degree": Trainee.Degree.choices,
    "stream": Trainee.Stream.choices,
    "status": Trainee.Status.choices,
}
TEXT_FIELDS = ("name", "ethnicity", "native_place", "school", "major", "current_post")


class TraineeRoster(Roster):
    kind = "trainees"
    title = "选调生花名册"
    columns = TRAINEE_COLUMNS
    # Set from the units, cohort and the programme before validation; derived, not typed.
    clean_exclude = (
        "cohort", "county", "township", "village", "user", "probation_ends_on", "training_ends_on",
    )  # fmt: skip

    def prepare(self, sheet: Sheet, index: dict[str, int], actor) -> None:
        self.choices = {name: choice_map(c) for name, c in TRAINEE_CHOICES.items()}
        self.programme = Programme.current()
        self.cohorts = {c.year: c for c in Cohort.objects.all()}
        units = OrgUnit.objects.filter(units_q(actor)).only("pk", "name", "kind", "parent_id")
        self.counties: dict[str, OrgUnit] = {}
        self.children: dict[tuple[int, str], OrgUnit] = {}
        for unit in units:
            if unit.kind == OrgUnit.Kind.COUNTY:
                self.counties[unit.name] = unit
            if unit.parent_id:
                self.children[(unit.parent_id, unit.name)] = unit
        # A county staff member's own county is in units_q; a township's staff has no county.
        self.seen_ids: dict[str, int] = {}

    def build(self, number: int, raw: dict, fail, result: Checked) -> Trainee:
        trainee = Trainee(status=Trainee.Status.TRAINING)
        for name in TEXT_FIELDS:
            value = clean_text(raw[name])
            if value or name != "ethnicity":
                setattr(trainee, name, value)
        for name, mapping in self.choices.items():
            value = clean_text(raw[name])
            if not value:
                continue
            if value.lower() in mapping:
                setattr(trainee, name, mapping[value.lower()])
            else:
                fail(name, MSG_BAD_CHOICE.format(choices=choice_labels(TRAINEE_CHOICES[name])))
        for name in ("birth_date", "party_joined_on", "reported_on"):
            try:
                setattr(trainee, name, parse_date(raw[name]))
            except ValueError:
                fail(name, MSG_BAD_DATE)
        self._identity(trainee, number, raw, fail)
        self._cohort(trainee, raw, fail, result)
        self._placement(trainee, raw, fail)
        if trainee.reported_on:
            trainee.set_derived_dates(self.programme)
        return trainee

    def _identity(self, trainee: Trainee, number: int, raw: dict, fail) -> None:
        value = raw["id_number"]
        if isinstance(value, (int, float)):
            fail("id_number", MSG_ID_AS_NUMBER)
            value = ""
        trainee.id_number = normalise_id_number(clean_text(value))
        if trainee.id_number:
            first = self.seen_ids.setdefault(trainee.id_number, number)
            if first != number:
                fail("id_number", MSG_DUPLICATE_IN_FILE.format(row=first))
        if trainee.birth_date is None and raw["birth_date"] in (None, ""):
            trainee.birth_date = birth_date_of(trainee.id_number)
        phone = clean_text(raw["phone"])
        trainee.phone = phone

    def _cohort(self, trainee: Trainee, raw: dict, fail, result: Checked) -> None:
        text = clean_text(raw["cohort"])
        if not text:
            return
        match = re.match(r"^(\d{4})", text)
        if not match or not 2000 <= int(match.group(1)) <= 2100:
            fail("cohort", MSG_BAD_YEAR)
            return
        year = int(match.group(1))
        cohort = self.cohorts.get(year) or result.new_cohorts.get(year)
        if cohort is None:
            cohort = result.new_cohorts[year] = Cohort(year=year, name=f"{year}届选调生")
        trainee.cohort = cohort

    def _placement(self, trainee: Trainee, raw: dict, fail) -> None:
        county_name = clean_text(raw["county"])
        township_name = clean_text(raw["township"])
        village_name = clean_text(raw["village"])
        county = self.counties.get(county_name)
        if county_name and county is None:
            fail("county", MSG_UNKNOWN_COUNTY.format(name=county_name))
            return
        if county is None:
            return
        trainee.county = county
        township = self.children.get((county.pk, township_name))
        if township_name and (township is None or township.kind != OrgUnit.Kind.TOWNSHIP):
            fail("township", MSG_UNKNOWN_TOWNSHIP.format(name=township_name))
            return
        if township is None:
            return
        trainee.township = township
        if village_name:
            village = self.children.get((township.pk, village_name))
            if village is None:
                fail("village", MSG_UNKNOWN_VILLAGE.format(name=village_name))
            else:
                trainee.village = village

    def check_database(self, result: Checked) -> None:
        """ID numbers already registered (anywhere: the number is unique nationally)."""
        row_of = self.seen_ids
        # The column is sealed (cadets/crypto.py): registered numbers are found by digest.
        by_digest = {crypto.digest(number, context="id_number"): number for number in row_of}
        taken = {
            by_digest[digest]
            for digest in Trainee.objects.filter(id_number_digest__in=list(by_digest)).values_list(
                "id_number_digest", flat=True
            )
        }
        header = next(c.header for c in self.columns if c.field == "id_number")
        for id_number in sorted(taken, key=lambda v: row_of[v]):
            result.errors.append(
                RowError(row_of[id_number], header, str(MSG_DUPLICATE_IN_DATABASE))
            )
        if taken:
            result.objects = [t for t in result.objects if t.id_number not in taken]
            result.preview = [p for p in result.preview if p[0] not in {row_of[v] for v in taken}]

    def preview_row(self, trainee: Trainee) -> list[str]:
        return [
            trainee.name,
            trainee.get_sex_display(),
            mask_id_number(trainee.id_number),
            str(trainee.cohort.year),
            f"{trainee.county.name} {trainee.township.name}"
            + (f" {trainee.village.name}" if trainee.village_id else ""),
            trainee.reported_on.isoformat(),
        ]

    @staticmethod
    def preview_headers() -> list[str]:
        return [_("Row"), _("Full name"), _("Sex"), _("ID number"), _("Cohort"), _("Placement"),
                _("Date reported")]  # fmt: skip


# The mentor list ----------------------------------------------------------------------------

MENTOR_COLUMNS = (
    Column("name", "姓名", True, "李建国"),
    Column("username", "登录用户名", True, "lijianguo"),
    Column("county", "所在县（市、区）", True, "东湖县"),
    Column("township", "所在乡镇（街道）", False, "青石镇"),
    Column("position", "职务", True, "镇党委副书记"),
    Column("expertise", "专长领域", False, "基层党建"),
    Column("max_mentees", "最多带教人数", False, "3"),
)


@dataclass
class NewMentor:
    """A mentor and the account it signs in with, both unsaved."""

    user: User
    mentor: Mentor


class MentorRoster(Roster):
    kind = "mentors"
    title = "导师名单"
    columns = MENTOR_COLUMNS
    clean_exclude = ("user", "unit")

    def prepare(self, sheet: Sheet, index: dict[str, int], actor) -> None:
        units = OrgUnit.objects.filter(units_q(actor)).only("pk", "name", "kind", "parent_id")
        self.top: dict[str, OrgUnit] = {}
        self.children: dict[tuple[int, str], OrgUnit] = {}
        for unit in units:
            if unit.kind in (OrgUnit.Kind.COUNTY, OrgUnit.Kind.CITY):
                self.top[unit.name] = unit
            if unit.parent_id:
                self.children[(unit.parent_id, unit.name)] = unit
        self.seen_usernames: dict[str, int] = {}

    def build(self, number: int, raw: dict, fail, result: Checked) -> NewMentor:
        username = clean_text(raw["username"])
        user = User(username=username, full_name=clean_text(raw["name"]), role=Role.MENTOR)
        # No password travels in a spreadsheet: the account is created without one and the
        # mentor is given a password by the department (the result page says so).
        user.set_unusable_password()
        mentor = Mentor(
            name=clean_text(raw["name"]),
            position=clean_text(raw["position"]),
            expertise=clean_text(raw["expertise"]),
        )
        max_text = clean_text(raw["max_mentees"])
        if max_text:
            if re.fullmatch(r"\d{1,3}", max_text):
                mentor.max_mentees = int(max_text)
            else:
                fail("max_mentees", MSG_BAD_NUMBER)
        if username:
            first = self.seen_usernames.setdefault(username.lower(), number)
            if first != number:
                fail("username", MSG_USERNAME_IN_FILE.format(row=first))
            try:
                user.clean_fields(exclude=["password"])
            except ValidationError as error:
                for message in error.message_dict.get("username", []):
                    fail("username", message)
        unit_name = clean_text(raw["county"])
        township_name = clean_text(raw["township"])
        unit = self.top.get(unit_name)
        if unit_name and unit is None:
            fail("county", MSG_UNKNOWN_UNIT.format(name=unit_name))
        elif unit is not None and township_name:
            township = self.children.get((unit.pk, township_name))
            if township is None or township.kind != OrgUnit.Kind.TOWNSHIP:
                fail("township", MSG_UNKNOWN_TOWNSHIP.format(name=township_name))
            unit = township
        if unit is not None:
            mentor.unit = unit
        return NewMentor(user=user, mentor=mentor)

    def validate(self, obj: NewMentor, failed_headers: set[str], fail) -> None:
        super().validate(obj.mentor, failed_headers, fail)

    def check_database(self, result: Checked) -> None:
        taken = set(
            User.objects.annotate(lower=Lower("username"))
            .filter(lower__in=list(self.seen_usernames))
            .values_list("lower", flat=True)
        )
        header = next(c.header for c in self.columns if c.field == "username")
        for username in sorted(taken, key=lambda v: self.seen_usernames[v]):
            result.errors.append(
                RowError(self.seen_usernames[username], header, str(MSG_USERNAME_TAKEN))
            )
        if taken:
            result.objects = [o for o in result.objects if o.user.username.lower() not in taken]

    def preview_row(self, obj: NewMentor) -> list[str]:
        return [obj.mentor.name, obj.user.username, str(obj.mentor.unit), obj.mentor.position]

    @staticmethod
    def preview_headers() -> list[str]:
        return [_("Row"), _("Full name"), _("Username"), _("Unit"), _("Position")]


ROSTERS: dict[str, type[Roster]] = {"trainees": TraineeRoster, "mentors": MentorRoster}


def roster_template(roster: Roster) -> bytes:
    """The template to fill in: the header row (ID and phone columns formatted as text, so
    Excel keeps every digit) and a sheet of instructions with the allowed values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = roster.title
    sheet.append(roster.headers())
    for index, column in enumerate(roster.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = 22 if column.field == "id_number" else 14
        if column.field in ("id_number", "phone", "username"):
            for row in range(2, 2002):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "填写说明", "示例"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in roster.columns:
        notes.append(
            [
                column.header,
                "必填" if column.required else "选填",
                _note(roster, column),
                column.example,
            ]
        )
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["C"].width = 70
    notes.column_dimensions["D"].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _note(roster: Roster, column: Column) -> str:
    if isinstance(roster, TraineeRoster) and column.field in TRAINEE_CHOICES:
        return "可填：" + choice_labels(TRAINEE_CHOICES[column.field])
    return TEMPLATE_NOTES.get((roster.kind, column.field), "")


TEMPLATE_NOTES = {
    ("trainees", "birth_date"): "日期格式如 2001-03-15；不填则按身份证号计算",
    ("trainees", "id_number"): "18 位，末位可为 X；请设为文本格式，以免 Excel 改写数字",
    ("trainees", "phone"): "11 位手机号码",
    ("trainees", "party_joined_on"): "中共党员、预备党员必填",
    ("trainees", "cohort"): "录用年份，如 2026；新年份将自动建立批次",
    ("trainees", "reported_on"): "日期格式如 2026-08-01",
    ("trainees", "county"): "须为本部门管辖范围内的县（市、区）名称",
    ("trainees", "township"): "须为上列县（市、区）下属乡镇（街道）名称",
    ("trainees", "village"): "须为上列乡镇（街道）下属村（社区）名称",
    ("trainees", "status"): "不填为“在岗锻炼”",
    (
        "mentors",
        "username",
    ): "导师登录系统所用的用户名，不得与已有用户重复；初始密码由组织部门另行设置",
    ("mentors", "county"): "导师所在县（市、区）或市的名称",
    ("mentors", "township"): "导师在乡镇（街道）任职时填写",
    ("mentors", "max_mentees"): "不填为 3",
}
