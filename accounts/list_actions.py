"""Buttons that apps higher up add to the pages of apps below them — an export on the trainee
list, the dashboard on the home page — without the page's app importing theirs: the same
inversion as the trainee page's panels (cadets/panels.py).

    from accounts.list_actions import ListAction, register

    @register("trainees")
    def export(request, name, query):          # query: the page's GET parameters, no page
        return [ListAction(_("Export"), reverse("office:export", args=[name]) + "?" + ...)]

A page renders them with `{% load list_actions %}{% list_actions "trainees" %}`. Providers
must not query the database: the pages that show them have pinned query counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, QueryDict


@dataclass(frozen=True)
class ListAction:
    label: str
    url: str
    icon: str = ""
    testid: str = ""


Provider = Callable[[HttpRequest, str, QueryDict], list[ListAction]]
_providers: dict[str, list[Provider]] = defaultdict(list)


def register(*names: str) -> Callable[[Provider], Provider]:
    def decorator(provider: Provider) -> Provider:
        for name in names:
            if provider not in _providers[name]:
                _providers[name].append(provider)
        return provider

    return decorator


def actions_for(request: HttpRequest, name: str, query: QueryDict) -> list[ListAction]:
    return [action for provider in _providers[name] for action in provider(request, name, query)]
