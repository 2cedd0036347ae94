"""Reading and writing spreadsheets: openpyxl for .xlsx, the csv module for .csv.

Reading treats every cell as a value: a formula arrives as its text ("=SUM(A1:A3)") and is never
evaluated (openpyxl with data_only=False gives the formula, not a cached result). Writing escapes
text that a spreadsheet would run as a formula (a leading =, +, -, @, tab or carriage return gets
a leading apostrophe), and reading removes that apostrophe again, so a file exported here reads
back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from accounts.containers import ContainerBroken, ContainerRefused, check_workbook

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# More rows than any cohort or mentor list has; a bigger file is refused, not half-read.
MAX_ROWS = 20_000
EXTENSIONS = (".xlsx", ".csv")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MSG_TOO_BIG = _("The file is larger than {size} MB. Split it into smaller files.")
MSG_EXTENSION = _("Upload an Excel workbook (.xlsx) or a CSV file (.csv).")
MSG_EMPTY_FILE = _("The file is empty.")
MSG_NOT_XLSX = _(
    "The file is not a valid Excel workbook (.xlsx). Open it in Excel or WPS and save it as "
    "“Excel workbook (.xlsx)”. Older .xls files are not accepted."
)
MSG_NOT_CSV = _("The CSV file could not be read. Save it as UTF-8 or GBK text, comma-separated.")
MSG_NO_HEADER = _("The first row must hold the column headers of the template.")
MSG_NO_ROWS = _("The file has headers but no data rows.")
MSG_TOO_MANY_ROWS = _("The file has more than {n} data rows. Split it into smaller files.")
MSG_SHEET_TOO_LARGE = _(
    "The first sheet spans {rows} rows and {columns} columns; at most {max_rows} rows and "
    "{max_columns} columns are accepted. Delete the empty rows and columns below and to the "
    "right of the roster, or copy the roster into a new workbook."
)


class SheetError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Sheet:
    headers: list[str]
    # (row number as the spreadsheet shows it, cells) for each non-empty row after the header.
    rows: list[tuple[int, list]]


def check_upload(name: str, size: int) -> None:
    """What can be said before reading: the extension, emptiness and the size limit."""
    if not name.lower().endswith(EXTENSIONS):
        raise SheetError(MSG_EXTENSION)
    if size == 0:
        raise SheetError(MSG_EMPTY_FILE)
    if size > MAX_UPLOAD_BYTES:
        raise SheetError(MSG_TOO_BIG.format(size=MAX_UPLOAD_BYTES // (1024 * 1024)))


def read_sheet(path: Path | str, name: str) -> Sheet:
    """The header row and the data rows of the first worksheet (or of the CSV file)."""
    path = Path(path)
    check_upload(name, path.stat().st_size)
    rows = _read_csv(path) if name.lower().endswith(".csv") else _read_xlsx(path)
    try:
        header_row = next(rows)
    except StopIteration:
        raise SheetError(MSG_NO_HEADER) from None
    headers = [clean_text(h) for h in header_row]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise SheetError(MSG_NO_HEADER)
    data: list[tuple[int, list]] = []
    for number, cells in enumerate(rows, start=2):
        cells = list(cells)[: len(headers)]
        if all(clean_text(c) == "" for c in cells):
            continue
        if len(data) >= MAX_ROWS:
            raise SheetError(MSG_TOO_MANY_ROWS.format(n=MAX_ROWS))
        data.append((number, cells + [None] * (len(headers) - len(cells))))
    if not data:
        raise SheetError(MSG_NO_ROWS)
    return Sheet(headers=headers, rows=data)


def clean_text(value) -> str:
    """A cell as text: stripped, the escaping apostrophe of a formula-like value removed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def write_workbook(
    title: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> bytes:
    """An .xlsx file of one sheet: a bold header row, then `rows`. Text that a spreadsheet
    would take for a formula is escaped; dates stay dates."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([safe_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def safe_cell(value):
    """A value as written to a cell: text that starts like a formula gets a leading apostrophe
    (OWASP "CSV injection"), so the spreadsheet shows it as text and never runs it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, dt.date)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def check_xlsx_bounds(fileobj, *, broken_ok: bool = False) -> None:
    """Refuse a workbook whose declared sizes exceed the bounds, from the zip's directory,
    before openpyxl reads anything (it loads the shared strings whole on opening). A file that
    is no zip at all is MSG_NOT_XLSX (or, with broken_ok, left for the reading to report)."""
    try:
        check_workbook(fileobj)
    except ContainerBroken:
        if not broken_ok:
            raise SheetError(MSG_NOT_XLSX) from None
    except ContainerRefused as refused:
        raise SheetError(str(refused)) from None


def check_sheet_bounds(sheet) -> None:
    """The sheet's declared dimension: read-only openpyxl pads every row to it."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    max_rows, max_columns = (
        settings.OFFICE_IMPORT_MAX_SHEET_ROWS,
        settings.OFFICE_IMPORT_MAX_SHEET_COLUMNS,
    )
    if rows > max_rows or columns > max_columns:
        raise SheetError(
            MSG_SHEET_TOO_LARGE.format(
                rows=rows, columns=columns, max_rows=max_rows, max_columns=max_columns
            )
        )


def _read_xlsx(path: Path) -> Iterator[tuple]:
    with open(path, "rb") as fileobj:
        check_xlsx_bounds(fileobj)
    try:
        # read_only streams the sheet; data_only=False returns a formula's text, not a cached
        # value computed by whoever saved the file.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SheetError(MSG_NOT_XLSX) from None
    try:
        sheet = workbook.worksheets[0]
        check_sheet_bounds(sheet)
        yield from sheet.iter_rows(values_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError):
        raise SheetError(MSG_NOT_XLSX) from None
    finally:
        workbook.close()


def _read_csv(path: Path) -> Iterator[list[str]]:
    raw = path.read_bytes()
    # Excel on Chinese Windows saves CSV as GBK; everything else is UTF-8 (often with a BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError(MSG_NOT_CSV)
    if "\x00" in text:
        raise SheetError(MSG_NOT_CSV)
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error:
        raise SheetError(MSG_NOT_CSV) from None
