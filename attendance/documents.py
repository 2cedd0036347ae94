"""The growth file's attendance section: its context, for office/documents.py (one query)."""

from __future__ import annotations

from .selectors import trainee_months


def growth_file_section(trainee) -> dict:
    lines = trainee_months(trainee)
    return {
        "attendance_lines": lines,
        "attendance_flagged": sum(1 for line in lines if line.flagged),
    }
