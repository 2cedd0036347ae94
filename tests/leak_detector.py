"""Test-only middleware (config/settings/test.py): every page, feed and file rendered anywhere in
the test suite — the access matrix renders every URL for every role — is scanned for full ID
numbers (18 characters with a valid GB 11643 check digit) and full mobile numbers. One is
allowed only when the request itself revealed it through the audited reveal, or the user
typed it into the request (a form echoing its own input). Spreadsheets (.xlsx: every XML part
of the archive, cell values and shared strings) and PDFs (their extracted text) are scanned too,
so every export and document the suite renders is checked."""

from __future__ import annotations

import io
import re
import zipfile

from cadets.idnumber import check_char

ID_LIKE = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9])")
PHONE_LIKE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
SCANNED_TYPES = ("text/", "application/json", "application/xml")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


class SensitiveValueLeak(AssertionError):
    pass


class SensitiveValueLeakDetector:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if getattr(response, "streaming", False):
            return response
        if content_type.startswith(XLSX):
            text = xlsx_text(response.content)
        elif content_type.startswith(PDF):
            text = pdf_text(response.content)
        elif content_type.startswith(SCANNED_TYPES):
            text = response.content.decode(response.charset or "utf-8", errors="replace")
        else:
            return response
        allowed = set(getattr(request, "revealed_values", set()))
        allowed |= (
            {v for values in request.POST.lists() for v in values[1]} if request.POST else set()
        )
        leaks = [
            m for m in ID_LIKE.findall(text) if check_char(m[:17]) == m[17] and m not in allowed
        ]
        leaks += [m for m in PHONE_LIKE.findall(text) if m not in allowed]
        if leaks:
            raise SensitiveValueLeak(f"{request.path} shows full sensitive values: {leaks[:3]}")
        return response


def xlsx_text(content: bytes) -> str:
    """Every XML part of a workbook (sheets, shared strings, properties) as one text."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", errors="replace")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
