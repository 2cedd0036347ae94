"""`cached_reverse`: reverse() for a name and arguments written in the navigation's templates
(accounts/templatetags/nav_urls.py, its only user), looked up after its first call.

It returns what `reverse()` returns: its key is everything that result depends on besides the
name and arguments — the URL configuration (the resolver object, which `clear_url_caches()`
and a changed ROOT_URLCONF or `request.urlconf` replace), the script prefix (SCRIPT_NAME), the
active language (translated routes) and the current application (namespaced instances).
tests/accounts/test_nav_urls.py compares it with reverse()."""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=1024)
def _reverse(resolver, prefix: str, language: str | None, current_app, name: str, args: tuple):
    # resolver, prefix and language are the key only: reverse() reads the same ones itself.
    return reverse(name, args=args, current_app=current_app)


def cached_reverse(name: str, args: tuple = (), current_app: str | None = None) -> str:
    """reverse(name, args=args, current_app=current_app), looked up after its first call."""
    resolver = get_resolver(get_urlconf())
    return _reverse(resolver, get_script_prefix(), get_language(), current_app, name, args)
