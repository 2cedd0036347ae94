"""The trainee page's sections from this app: rotations with coverage, and front-line tasks."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadets.panels import Panel, register

from .selectors import coverage_of, rule_set, warning_texts


@register(order=20, section="training")
def rotations_panel(request, trainee) -> Panel:
    today = timezone.localdate()
    rotations = list(
        trainee.rotations.select_related("post__category", "post__village").order_by("starts_on")
    )
    rules = rule_set()
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


@register(order=30, section="training")
def key_tasks_panel(request, trainee) -> Panel:
    return Panel(
        title=_("Front-line tasks"),
        template="rotations/_keytasks_panel.html",
        context={
            "tasks": trainee.key_tasks.all(),
            "can_record": request.user.has_perm("rotations.record_keytask", trainee),
        },
    )
