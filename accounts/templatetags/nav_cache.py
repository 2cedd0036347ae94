"""`{% cached_nav "partials/nav_links.html" %}`: the navigation's links, rendered once per kind
of user and language in each process, and `{% live "…" %}` inside it for the parts that change
from one request to the next (the bell's unread count).

What the links show depends on the user's role and flags only: the permission checks of the
navigation ask the rules registry (`rperms`, accounts/context_processors.py), whose predicates
read the user's role (accounts/rules.py), and the links are reversed from fixed names. Rendering
them took 2.5 ms of every page on the benchmark machine, a tenth of the trainee list
(issue 9). The key holds everything of the user the rules read, and the unit for good measure;
a change of role is a new key, and a change of rules is a new release (a new process)."""

from __future__ import annotations

import re

from django import template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Rendered fragments by key; cleared when full (a process sees a few kinds of users).
_rendered: dict[tuple, str] = {}
MAX_ENTRIES = 1024
# Where a live part goes in a cached fragment: control characters that no template writes.
_LIVE = re.compile("\x1elive:([^\x1e]+)\x1e")


def nav_key(user, template_name: str) -> tuple:
    return (
        template_name,
        translation.get_language(),
        getattr(user, "pk", None),
        getattr(user, "role", None),
        getattr(user, "org_unit_id", None),
        bool(getattr(user, "is_superuser", False)),
        bool(getattr(user, "is_active", False)),
    )


@register.simple_tag(takes_context=True)
def cached_nav(context, template_name: str) -> SafeString:
    engine = context.template.engine
    key = nav_key(context.get("user"), template_name)
    html = _rendered.get(key)
    if html is None:
        html = engine.get_template(template_name).render(context)
        if len(_rendered) >= MAX_ENTRIES:
            _rendered.clear()
        _rendered[key] = html
    return mark_safe(  # noqa: S308 -- rendered by our templates, autoescaped there
        _LIVE.sub(lambda live: engine.get_template(live[1]).render(context), html)
    )


@register.simple_tag
def live(template_name: str) -> SafeString:
    """In a `cached_nav` fragment: `template_name`, rendered on every request."""
    return mark_safe(f"\x1elive:{template_name}\x1e")  # noqa: S308 -- a fixed marker
