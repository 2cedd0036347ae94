import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from django.utils.translation import gettext_lazy as _

MSG_SESSION_EXPIRED = _("Your session has expired. Please sign in again.")


class UserLanguageMiddleware:
    """Applies the language a signed-in user chose, on every device they sign in from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


SESSION_STARTED = "session_started_at"
SESSION_SEEN = "session_seen_at"
# Refresh "last seen" at most once a minute, so that most requests do not write the session.
SEEN_GRANULARITY_S = 60


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without requests or SESSION_ABSOLUTE_TIMEOUT
    after sign-in, whichever comes first, and sends the user to the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED, now)
            seen = request.session.get(SESSION_SEEN, now)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if now - seen > idle or now - started > absolute:
                logout(request)
                messages.info(request, MSG_SESSION_EXPIRED)
                return redirect_to_login(request.get_full_path())
            if now - seen > SEEN_GRANULARITY_S or SESSION_STARTED not in request.session:
                request.session[SESSION_STARTED] = started
                request.session[SESSION_SEEN] = now
        return self.get_response(request)
