"""Revealing a masked ID or phone number: the permission, a stated reason and the password
again (re-authentication), and an audit record of who saw whose which field, why and when —
never the value. The value is shown once, on a page the browser must not cache."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from accounts.reauth import password_confirms
from audit.services import Action, audit_record

from .views import get_trainee_for_user

REVEALABLE = {"id_number": _("ID number"), "phone": _("Mobile phone")}
MSG_WRONG_PASSWORD = _("The password is wrong.")
MSG_REASON_REQUIRED = _("State why you need to see the full value.")


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        required=False,
        max_length=500,
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 4:
            raise forms.ValidationError(MSG_REASON_REQUIRED)
        return reason

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Through authenticate(): a wrong password counts towards the sign-in lockout.
        if not password_confirms(self.request, self.user, password):
            raise forms.ValidationError(MSG_WRONG_PASSWORD)
        return password


@never_cache
@login_required
def trainee_reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    trainee = get_trainee_for_user(request, pk)
    if field not in REVEALABLE:
        raise Http404
    if not request.user.has_perm("cadets.reveal_sensitive"):
        raise PermissionDenied
    form = RevealForm(request.POST or None, user=request.user, request=request)
    context = {"trainee": trainee, "field": field, "field_label": REVEALABLE[field], "form": form}
    if request.method == "POST":
        if form.is_valid():
            audit_record(
                action=Action.REVEAL,
                request=request,
                subject=trainee,
                field=field,
                reason=form.cleaned_data["reason"],
            )
            value = getattr(trainee, field)
            request.revealed_values = {value}  # the leak check of the test suite allows these
            return render(request, "cadets/reveal_result.html", {**context, "value": value})
        audit_record(
            action=Action.REVEAL_REFUSED,
            request=request,
            subject=trainee,
            field=field,
            reason="; ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return render(request, "cadets/reveal_form.html", context)
