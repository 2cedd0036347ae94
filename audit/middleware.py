from .services import Action, audit_record


class AuditDenialsMiddleware:
    """Records every 403 and 404 answered to a signed-in user: an out-of-scope record answers
    404, so this is how attempts to reach other people's records become visible."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code in (403, 404) and user is not None and user.is_authenticated:
            audit_record(
                action=Action.ACCESS_DENIED, request=request, reason=str(response.status_code)
            )
        return response
