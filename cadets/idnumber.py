"""Resident identity numbers (GB 11643-1999) and the masking of sensitive values.

An ID number is 18 characters: a 6-digit area code, the birth date as YYYYMMDD, a 3-digit
sequence and a check character computed from the first 17 digits (ISO 7064 MOD 11-2).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"[0-9]{17}[0-9X]")
PHONE_PATTERN = re.compile(r"1[0-9]{10}")

MSG_ID_FORMAT = _("An ID number has 18 characters: 17 digits and a digit or X.")
MSG_ID_CHECK = _("The ID number's check digit is wrong; please check every digit.")
MSG_ID_DATE = _("The ID number does not contain a valid birth date.")
MSG_PHONE = _("A mobile number has 11 digits and starts with 1.")


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def birth_date_of(id_number: str) -> dt.date | None:
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str) -> None:
    value = normalise_id_number(value)
    if not ID_PATTERN.fullmatch(value):
        raise ValidationError(MSG_ID_FORMAT, code="id_format")
    if birth_date_of(value) is None:
        raise ValidationError(MSG_ID_DATE, code="id_date")
    if check_char(value[:17]) != value[17]:
        raise ValidationError(MSG_ID_CHECK, code="id_check")


def validate_phone(value: str) -> None:
    if not PHONE_PATTERN.fullmatch((value or "").strip()):
        raise ValidationError(MSG_PHONE, code="phone")


def mask_id_number(value: str) -> str:
    """`320102199901011234` → `3201**********1234`: enough to tell two people apart."""
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """`13812345678` → `138****5678`."""
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
