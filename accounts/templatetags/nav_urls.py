"""`{% nav_url 'app:name' ['fixed argument' …] %}`: `{% url %}` for links whose name and
arguments are written in the template (the navigation's), each reversed once and then looked
up: the navbar's 26 reversals were a third of its rendering, on every page (issue 9).

The reversals are accounts.reversing.cached_reverse's; the current application is taken from
the request as `{% url %}` takes it."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape

from accounts.reversing import cached_reverse

register = template.Library()


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
