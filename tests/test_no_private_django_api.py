"""No private Django API in the project's own code (docs/decisions/0012-plain-django.md).

Django keeps the right to change anything whose name starts with an underscore (other than
`_meta`, the documented Model._meta API) and its SQL compiler machinery from one release to
the next. A use of them breaks silently on an upgrade, so this test reads every Python file of
the project and fails naming each file:line that

- imports a private name or module from Django (`from django.x import _y`,
  `from django.db.models.sql import …`);
- reads or writes an attribute whose name Django defines with a leading underscore
  (`obj._state`, `qs._result_cache`, `user._perm_cache`, `query._…`) — an attribute that
  the file itself defines on `self`/`cls` is the file's own and allowed;
- asks the query compiler (`get_compiler`, `sql_with_params`, `.compiler`).

The scan knows names, not types: a line that uses another library's private attribute that
Django happens to have too says so in a comment containing "not Django's".
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
# Not the project's own code: installed packages, data and caches.
SKIPPED_DIRS = {".venv", ".git", "node_modules", "var", "static", "__pycache__", ".tools"}
# Parts of Django's query machinery that are not public API though their names are plain.
COMPILER_NAMES = {"get_compiler", "sql_with_params", "compiler"}
PRIVATE_MODULES = ("django.db.models.sql",)
ALLOWED = {"_meta"}


@cache
def django_private_names() -> frozenset[str]:
    """Every underscore name Django's own source defines or uses: attributes (set or read on
    any object, or named in getattr/setattr/hasattr), functions and methods, module-level
    names and class attributes."""
    names: set[str] = set()
    patterns = [
        re.compile(r"\.(_[A-Za-z]\w*)"),
        re.compile(r"^\s*(?:async\s+)?def (_[A-Za-z]\w*)", re.MULTILINE),
        re.compile(r"^\s*(_[A-Za-z]\w*)\s*[:=]", re.MULTILINE),
        re.compile(r"\b(?:get|set|has)attr\([^,]+,\s*['\"](_[A-Za-z]\w*)['\"]"),
    ]
    for path in Path(django.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in patterns:
            names.update(pattern.findall(text))
    return frozenset(n for n in names if not n.startswith("__") and n not in ALLOWED)


def project_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts)
    )


def _own_attributes(tree: ast.AST) -> set[str]:
    """Names a file defines itself: assigned on `self`/`cls`, or methods and class
    attributes of its classes."""
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                own.add(node.attr)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    own.add(item.name)
                elif isinstance(item, ast.Assign):
                    own.update(t.id for t in item.targets if isinstance(t, ast.Name))
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    own.add(item.target.id)
    return own


def private_uses(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    private = django_private_names()
    own = _own_attributes(tree)
    where = path.relative_to(ROOT)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django"):
            module = node.module or ""
            if module.startswith(PRIVATE_MODULES) or any(
                part.startswith("_") and not part.startswith("__") for part in module.split(".")
            ):
                found.append(f"{where}:{node.lineno}: imports from {module}")
            for alias in node.names:
                if alias.name.startswith("_") and alias.name not in ALLOWED:
                    found.append(f"{where}:{node.lineno}: imports {module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "django" and (
                    alias.name.startswith(PRIVATE_MODULES)
                    or any(p.startswith("_") and not p.startswith("__") for p in parts)
                ):
                    found.append(f"{where}:{node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.Attribute):
            if "not Django's" in lines[node.lineno - 1]:
                continue
            name = node.attr
            if name in COMPILER_NAMES:
                found.append(f"{where}:{node.lineno}: uses the query compiler (.{name})")
            elif name in private and name not in own:
                found.append(f"{where}:{node.lineno}: uses Django's private .{name}")
    return found


def test_the_scan_knows_djangos_private_names():
    names = django_private_names()
    assert {"_state", "_result_cache", "_perm_cache", "_prefetched_objects_cache"} <= names
    assert "_meta" not in names


def test_the_scan_finds_a_private_use():
    sample = ROOT / "tests" / "_private_api_sample.py"
    try:
        sample.write_text(
            "from django.db.models.sql import Query\n"
            "def f(obj, qs):\n"
            "    obj._state.adding = False\n"
            "    return qs._result_cache, qs.query.get_compiler('default'), obj._meta\n"
        )
        found = private_uses(sample)
    finally:
        sample.unlink()
    assert [line.split(": ", 1)[0] for line in found] == [
        "tests/_private_api_sample.py:1",
        "tests/_private_api_sample.py:3",
        "tests/_private_api_sample.py:4",
        "tests/_private_api_sample.py:4",
    ]


def test_no_project_file_uses_private_django_api():
    found = [use for path in project_files() for use in private_uses(path)]
    assert not found, "Private Django API (use public API instead):\n" + "\n".join(found)
