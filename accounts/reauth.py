"""Re-entering one's password (to reveal an ID number, to change the password) counts towards
the same django-axes lockout as signing in: the check goes through `authenticate()` with the
request, so axes counts a failure, refuses a locked account or address, and the audit log
records the lock (audit.signals). `user.check_password()` beside axes was never locked out."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm


def password_confirms(request, user, password: str) -> bool:
    """Whether `password` is `user`'s, counted by axes like a sign-in attempt."""
    found = authenticate(request, username=user.get_username(), password=password)
    return found is not None and found.pk == user.pk


class ReauthPasswordChangeForm(PasswordChangeForm):
    def __init__(self, user, *args, request=None, **kwargs) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if not password_confirms(self.request, self.user, old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ReauthPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
