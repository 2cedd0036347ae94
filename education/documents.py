"""The growth file's training section: its context, for office/documents.py (one query)."""

from __future__ import annotations

from .selectors import hours_by_year, trainee_courses


def growth_file_section(trainee) -> dict:
    enrolments = trainee_courses(trainee)
    return {
        "training_enrolments": enrolments,
        "training_years": hours_by_year(enrolments),
        "training_required": enrolments[0].required if enrolments else None,
    }
