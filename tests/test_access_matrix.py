"""Every named URL × every role × own record and someone else's (see tests/access.py)."""

from __future__ import annotations

import copy
import importlib
import pkgutil

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.access import UrlCase
from tests.world import ROLES, build_world

# Django's admin guards itself (staff only) and is for superusers and support.
EXCLUDED_NAMESPACES = {"admin"}


def _all_cases() -> list[UrlCase]:
    cases: list[UrlCase] = []
    for module_info in pkgutil.iter_modules(tests.__path__):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{module_info.name}.access")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


def _named_urls(patterns=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            child_ns = entry.namespace or ""
            if child_ns in EXCLUDED_NAMESPACES:
                continue
            prefix = (
                f"{namespace}:{child_ns}" if namespace and child_ns else (child_ns or namespace)
            )
            names |= _named_urls(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}:{entry.name}" if namespace else entry.name)
    return names


CASES = _all_cases()


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """The world of tests/world.py, built once for the matrix's cases (thousands, each one
    request) inside a transaction rolled back after the last one."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(db, matrix_world):
    """Each case in a savepoint of that transaction (pytest-django's `db`), rolled back after
    it, with its own copy of the world's objects: what a case writes to them or caches in
    `world.extra` (rows the rollback removes) does not reach the next case."""
    return copy.deepcopy(matrix_world)


def test_every_named_url_is_in_the_matrix():
    covered = {case.name for case in CASES}
    missing = _named_urls() - covered
    assert not missing, f"URLs with no access-matrix case: {sorted(missing)}"


def test_every_case_names_a_real_url_and_every_role():
    assert {case.name for case in CASES} <= _named_urls()
    for case in CASES:
        assert set(case.expect) == set(ROLES), f"{case.name} must state every role"


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}-{c.method}")
def test_access(case: UrlCase, role: str, which: str, world, login):
    client = login(world.users[role])
    url = reverse(case.name, kwargs=case.kwargs(world, which) if case.kwargs else None)
    data = case.data(world, which) if case.data else {}
    response = getattr(client, case.method)(url, data)
    expected = case.expected(role, which)
    assert response.status_code == expected, (
        f"{role} {case.method.upper()} {url} ({which}): {response.status_code} ≠ {expected}"
    )
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        # django-csp adds a nonce only when a page uses one; none of ours needs to.
        script_src = response["Content-Security-Policy"].split("script-src ")[1].split(";")[0]
        assert script_src.startswith("'self'") and "unsafe-inline" not in script_src
    if role == "anonymous" and expected == 302 and case.method == "get":
        assert response["Location"].startswith(reverse("accounts:login"))
