"""The trainee page's sections from this app: rotations with coverage, and front-line tasks."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadets.panels import Panel, register

from .selectors import RULE_SET_ROWS, coverage_of, rule_set, warning_texts


def _rotation_rows(request, trainee) -> dict:
    return {
        "rotations": trainee.rotations.select_related("post__category", "post__village").order_by(
            "starts_on"
        ),
        "categories": RULE_SET_ROWS,
    }


@register(order=20, rows=_rotation_rows)
def rotations_panel(request, trainee, rows) -> Panel:
    today = timezone.localdate()
    rotations = rows["rotations"]
    rules = rule_set(rows["categories"])
    coverage = coverage_of(trainee, rotations, rules, today)
    return Panel(
        title=_("Rotations and coverage"),
        template="rotations/_trainee_panel.html",
        context={
            "rotations": rotations,
            "current": next((r for r in rotations if r.is_current(today)), None),
            "cells": [(rules.categories[c.category], c) for c in coverage.categories],
            "warnings": warning_texts(coverage, rules),
            "can_manage": request.user.has_perm("rotations.manage_rotation", trainee),
            "today": today,
        },
    )


@register(order=30, rows=lambda request, trainee: {"tasks": trainee.key_tasks.all()})
def key_tasks_panel(request, trainee, rows) -> Panel:
    return Panel(
        title=_("Front-line tasks"),
        template="rotations/_keytasks_panel.html",
        context={
            "tasks": rows["tasks"],
            "can_record": request.user.has_perm("rotations.record_keytask", trainee),
        },
    )
