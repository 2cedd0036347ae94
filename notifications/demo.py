"""Demo for reminders: the default settings, e-mail addresses for the demo logins (so the
console shows the e-mail the worker sends) and one sweep, so that demo logins find their
notifications at once; beat's sweep keeps them coming while `make run` runs."""

from __future__ import annotations

from django.db.models import Value
from django.db.models.functions import Concat

from accounts.models import User

from .models import ReminderSettings
from .services import sweep_run


def seed(ctx: dict) -> None:
    ReminderSettings.current()
    User.objects.filter(email="").update(email=Concat("username", Value("@example.invalid")))
    sweep_run()
