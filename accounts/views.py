from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .forms import LoginForm
from .models import Role
from .selectors import home_summary


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home: trainees on their record, mentors on their mentees,
    staff on their dashboard; anyone else (an account without a role) on a summary."""
    if request.user.role == Role.TRAINEE:
        return redirect("cadets:me")
    if request.user.role == Role.MENTOR:
        return redirect("mentors:home")
    if request.user.has_perm("office.view_dashboard"):
        return redirect("office:dashboard")
    return render(request, "accounts/home.html", {"summary": home_summary(request.user)})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language and, for a signed-in user, remember it on the account."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    next_url = request.POST.get("next") or reverse("accounts:home")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("accounts:home")
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response
