"""Receivers of sign-in events; connected in AccountsConfig.ready()."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import SESSION_SEEN, SESSION_STARTED


@receiver(user_logged_in)
def stamp_session_start(sender, request, user, **kwargs) -> None:
    """The absolute session timeout counts from here (SessionTimeoutMiddleware)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED] = now
        request.session[SESSION_SEEN] = now
