"""The programme rules page: city staff change the training length and probation, the leave
rules and the leave approval chain, and see who changed what (the rules' history)."""

from __future__ import annotations

from itertools import islice
from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .models import LeaveApprovalLevel, LeavePolicy, Programme
from .programme_forms import LeaveLevelFormSet, LeavePolicyForm, ProgrammeForm
from .programme_services import programme_rules_save

HISTORY_ROWS = 30


@login_required
def programme_rules(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cadets.change_programme"):
        raise PermissionDenied
    programme, policy = Programme.current(), LeavePolicy.current()
    if not LeaveApprovalLevel.objects.exists():
        LeaveApprovalLevel.ensure_defaults()
    data = request.POST or None
    programme_form = ProgrammeForm(data, instance=programme, prefix="programme")
    policy_form = LeavePolicyForm(data, instance=policy, prefix="leave")
    levels = LeaveLevelFormSet(data, queryset=LeaveApprovalLevel.objects.all(), prefix="levels")
    forms_valid = request.method == "POST" and all(
        [programme_form.is_valid(), policy_form.is_valid(), levels.is_valid()]
    )
    if forms_valid:
        kept = [
            form.save(commit=False)
            for form in levels.forms
            if form.has_changed() and form not in levels.deleted_forms
        ]
        removed = [form.instance for form in levels.deleted_forms if form.instance.pk]
        try:
            recomputed = programme_rules_save(
                actor=request.user,
                programme=programme_form.save(commit=False),
                policy=policy_form.save(commit=False),
                levels=kept,
                removed=removed,
            )
        except ValidationError as error:
            programme_form.add_error(None, error)
        else:
            messages.success(request, _("The programme rules were saved."))
            if recomputed:
                messages.info(
                    request,
                    _("The probation and training end dates of %(count)d trainee(s) in training "
                      "were recalculated.") % {"count": recomputed},
                )  # fmt: skip
            return redirect("cadets:programme_rules")
    return render(
        request,
        "cadets/programme_rules.html",
        {
            "programme_form": programme_form,
            "policy_form": policy_form,
            "levels": levels,
            "history": _history(),
        },
    )


def _summary(row) -> str:
    """The rules as they stood after the change, in words."""
    if isinstance(row, Programme.history.model):
        return _(
            "training period %(training)d months, probation %(probation)d months, minimum "
            "service %(service)d years"
        ) % {
            "training": row.training_months,
            "probation": row.probation_months,
            "service": row.minimum_service_years,
        }
    if isinstance(row, LeavePolicy.history.model):
        return _("leave of more than %(days)d days extends the training period") % {
            "days": row.extend_training_after_days
        }
    return _("step %(order)d: %(role)s approves leave of more than %(days)d days") % {
        "order": row.order,
        "role": row.get_role_display(),
        "days": row.more_than_days,
    }


def _history() -> list:
    """The newest changes of the three kinds of rules, newest first (three small queries)."""
    rows = []
    for model, label in (
        (Programme, _("Training period and probation")),
        (LeavePolicy, _("Leave rules")),
        (LeaveApprovalLevel, _("Leave approval steps")),
    ):
        for row in model.history.select_related("history_user").order_by("-history_date")[
            :HISTORY_ROWS
        ]:
            row.rules_label = label
            row.summary = _summary(row)
            rows.append(row)
    rows.sort(key=attrgetter("history_date"), reverse=True)
    return list(islice(rows, HISTORY_ROWS))
