"""`cached_reverse`: reverse() for a name and arguments written in the code (the navigation,
the list pages' buttons), looked up after its first call instead of reversed on every page.

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


# A pk no record has: reversed once, then each row's pk put in its place (url_for_pk).
_PLACEHOLDER = 987654321987


def url_for_pk(name: str):
    """`pk → reverse(name, args=[pk])` for the rows of a table, with the URL reversed once
    instead of once a row (Django's resolver was a row's dearest part at province scale,
    issue 9). For names whose one argument is an integer id."""
    head, tail = reverse(name, args=[_PLACEHOLDER]).rsplit(str(_PLACEHOLDER), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"
