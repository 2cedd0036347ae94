"""`{% nav_url 'app:name' ['fixed argument' …] %}`: `{% url %}` for links whose name and
arguments are written in the template (the navigation's), each reversed once and then looked
up: the navbar's 26 reversals were a third of its rendering, on every page (issue 9).

`cached_reverse` returns what `reverse()` returns: its key is everything that result depends
on besides the name and arguments — the URL configuration (the resolver object, which
`clear_url_caches()` and a changed ROOT_URLCONF or `request.urlconf` replace), the script
prefix (SCRIPT_NAME), the active language (translated routes) and the current application
(namespaced instances), which `{% url %}` takes from the request as this tag does."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=1024)
def _reverse(resolver, prefix: str, language: str | None, current_app, name: str, args: tuple):
    # resolver, prefix and language are the key only: reverse() reads the same ones itself.
    return reverse(name, args=args, current_app=current_app)


def cached_reverse(name: str, args: tuple = (), current_app: str | None = None) -> str:
    """reverse(name, args=args, current_app=current_app), looked up after its first call."""
    resolver = get_resolver(get_urlconf())
    return _reverse(resolver, get_script_prefix(), get_language(), current_app, name, args)


class NavURLNode(template.Node):
    def __init__(self, name: str, args: tuple[str, ...]) -> None:
        self.name, self.args = name, args

    def render(self, context) -> str:
        # The current application as {% url %} finds it (django/template/defaulttags.py).
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = cached_reverse(self.name, self.args, current_app)
        return conditional_escape(url) if context.autoescape else url


def _literal(bit: str, tag: str) -> str:
    if len(bit) >= 2 and bit[0] == bit[-1] and bit[0] in "'\"":
        return bit[1:-1]
    raise template.TemplateSyntaxError(
        f"{tag} takes quoted names and arguments only (use {{% url %}} for variables): {bit}"
    )


@register.tag
def nav_url(parser, token) -> NavURLNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a URL name")
    name, *args = (_literal(bit, bits[0]) for bit in bits[1:])
    return NavURLNode(name, tuple(args))
