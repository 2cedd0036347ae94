"""`{% nav_url %}` (accounts/templatetags/nav_urls.py) and `{% cached_nav %}`
(accounts/templatetags/nav_cache.py): the navigation they write is the one `{% url %}` and plain
includes wrote, for every role in both languages, from the cache too; the reversals follow the
script prefix and the URL configuration as reverse() does."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import Engine, RequestContext, TemplateSyntaxError, engines
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches, get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from accounts.backends import AccountBackend
from accounts.models import Role
from accounts.reversing import cached_reverse
from tests.factories import UserFactory

NAV_TEMPLATES = [
    "partials/nav.html",
    "partials/nav_links.html",
    "notifications/_unread_badge.html",
    "cadets/_nav.html",
    "mentors/_nav.html",
    "rotations/_nav.html",
    "assessments/_nav.html",
    "office/_nav.html",
    "notifications/_nav.html",
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _with_url_tag(source: str) -> str:
    """The template as it was written with {% url %} and plain includes, no cache."""
    source = source.replace("{% nav_url ", "{% url ")
    source = source.replace("{% cached_nav ", "{% include ").replace("{% live ", "{% include ")
    for library in ("nav_urls", "nav_cache"):
        source = re.sub(r"({% load [^%]*?) " + library + r"\b", r"\1", source)
    return source


def _reference_engine() -> Engine:
    engine = engines["django"].engine
    sources = {}
    for name in NAV_TEMPLATES:
        origin = engine.find_template(name)[1]
        sources[name] = _with_url_tag(Path(origin.name).read_text(encoding="utf-8"))
    for source in sources.values():
        assert not any(tag in source for tag in ("{% nav_url ", "{% cached_nav ", '{% live "'))
        assert not re.search(r"{% load [^%]*nav_(urls|cache)", source)
    return Engine(
        dirs=engine.dirs,
        loaders=[
            ("django.template.loaders.locmem.Loader", sources),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
        context_processors=settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
        libraries=engine.libraries,
    )


def _users(world) -> dict:
    backend = AccountBackend()
    users = {name: u and backend.get_user(u.pk) for name, u in world.users.items()}
    # Every role, whatever the world gives it (staff of the city, county and township).
    for role in Role:
        if not any(u is not None and u.role == role for u in users.values()):
            users[role.value] = backend.get_user(UserFactory(role=role).pk)
    return users


def test_the_navigation_templates_use_the_tag():
    engine = engines["django"].engine
    for name in NAV_TEMPLATES:
        source = Path(engine.find_template(name)[1].name).read_text(encoding="utf-8")
        assert "{% url " not in source, name
    nav = Path(engine.find_template("partials/nav.html")[1].name).read_text(encoding="utf-8")
    assert '{% cached_nav "partials/nav_links.html" %}' in nav


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("path", ["/", "/trainees/?q=%E6%9C%AC", "/mentoring/"])
def test_the_navigation_is_the_one_url_wrote(world, language, path):
    reference = _reference_engine().get_template("partials/nav.html")
    seen = set()
    for name, user in _users(world).items():
        request = RequestFactory().get(path)
        request.user = user or AnonymousUser()
        with translation.override(language):
            ours = CSRF.sub("csrf", render_to_string("partials/nav.html", request=request))
            cached = CSRF.sub("csrf", render_to_string("partials/nav.html", request=request))
            theirs = CSRF.sub("csrf", reference.render(RequestContext(request)))
        assert ours == theirs, f"{name} ({language})"
        assert cached == theirs, f"{name} ({language}), from the cache"
        assert f'href="{reverse("accounts:home")}"' in ours
        seen.add(ours)
    # The roles see different navigations (the comparison is not of empty ones).
    assert len(seen) >= 5
    city = _request(path, _users(world)["city_staff"])
    staff = render_to_string("partials/nav.html", request=city)
    assert f'href="{reverse("cadets:trainee_list")}"' in staff
    assert f'href="{reverse("office:import_upload", args=["trainees"])}"' in staff


def _request(path, user):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_cached_reverse_is_reverse():
    for name, args in [
        ("accounts:home", ()),
        ("cadets:trainee_list", ()),
        ("office:import_upload", ("trainees",)),
        ("office:import_upload", ("mentors",)),
    ]:
        assert cached_reverse(name, args) == reverse(name, args=args)
        assert cached_reverse(name, args) == reverse(name, args=args)


def test_cached_reverse_follows_the_script_prefix():
    before = get_script_prefix()
    try:
        plain = cached_reverse("cadets:trainee_list")
        set_script_prefix("/xd/")
        assert cached_reverse("cadets:trainee_list") == "/xd" + plain
        assert cached_reverse("cadets:trainee_list") == reverse("cadets:trainee_list")
        set_script_prefix("/other/")
        assert cached_reverse("cadets:trainee_list") == "/other" + plain
    finally:
        set_script_prefix(before)
    assert cached_reverse("cadets:trainee_list") == plain


urlpatterns = []  # this module as a URL configuration: it has no names at all


def test_cached_reverse_follows_the_url_configuration():
    from django.urls import NoReverseMatch

    assert cached_reverse("accounts:home")
    with override_settings(ROOT_URLCONF=__name__):
        with pytest.raises(NoReverseMatch):
            cached_reverse("accounts:home")
    clear_url_caches()
    assert cached_reverse("accounts:home") == reverse("accounts:home")


def test_only_written_names_and_arguments():
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string("{% load nav_urls %}{% nav_url name %}")
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string("{% load nav_urls %}{% nav_url 'office:import_upload' x %}")
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string("{% load nav_urls %}{% nav_url %}")
    template = engines["django"].from_string(
        "{% load nav_urls %}{% nav_url 'office:import_upload' \"trainees\" %}"
    )
    assert template.render({}) == reverse("office:import_upload", args=["trainees"])


def test_the_cached_navigation_keeps_the_bell_live(world, login):
    from notifications.models import Notification

    user = world.users["unit_staff"]
    client = login(user)
    first = client.get(reverse("accounts:home")).content.decode()
    assert 'data-testid="unread-count"' not in first
    Notification.objects.create(
        recipient=user, kind="tests.nav", subject=world.own, period="p", title="t", url="/"
    )
    second = client.get(reverse("accounts:home")).content.decode()  # links from the cache
    assert 'data-testid="unread-count">1<' in second
    assert "\x1e" not in second  # no marker left


def test_a_new_role_is_a_new_navigation(world, login):
    user = world.users["unit_staff"]
    client = login(user)
    cycles = f'href="{reverse("assessments:cycle_list")}"'  # organisation departments only
    assert cycles not in client.get(reverse("accounts:home")).content.decode()
    user.role, user.org_unit = Role.COUNTY_STAFF, world.county_a
    user.save()
    assert cycles in client.get(reverse("accounts:home")).content.decode()
