"""Writes the Bootstrap Icons subset the pages load: only the icons our templates and code
name (`bi-…`), as a small stylesheet and font (static/vendor/bootstrap-icons/*.subset.*),
instead of the 87 KB stylesheet and 134 KB font of all 2,000 icons (issue 17).

Run it after using a new icon: `.venv/bin/python scripts/subset-icons.py`;
tests/test_icon_subset.py fails while an icon in use is missing from the subset."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "static" / "vendor" / "bootstrap-icons"
SOURCES = ("*.html", "*.py", "*.js")
SKIP = {".venv", ".tools", "var", "vendor", "node_modules", "tests", "test-artifacts"}
NAME = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)\b")
RULE = re.compile(r"\.bi-([a-z0-9-]+)::?before\{content:\"\\([0-9a-f]+)\"\}")


def icons_in_use(root: Path = ROOT) -> set[str]:
    names: set[str] = set()
    for pattern in SOURCES:
        for path in root.rglob(pattern):
            if SKIP.isdisjoint(path.relative_to(root).parts):
                names.update(NAME.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return names


def all_icons() -> dict[str, str]:
    css = (ICONS / "bootstrap-icons.min.css").read_text(encoding="utf-8")
    return dict(RULE.findall(css))


def main() -> int:
    codes = all_icons()
    used = sorted(name for name in icons_in_use() if name in codes)
    font = subset.Options()
    font.flavor = "woff2"
    font.layout_features = []
    font.name_IDs = ["*"]
    font.notdef_outline = True
    subsetter = subset.Subsetter(font)
    ttf = subset.load_font(str(ICONS / "fonts" / "bootstrap-icons.woff2"), font)
    subsetter.populate(unicodes=[int(codes[name], 16) for name in used])
    subsetter.subset(ttf)
    subset.save_font(ttf, str(ICONS / "fonts" / "bootstrap-icons.subset.woff2"), font)
    rules = "".join(f'.bi-{name}::before{{content:"\\{codes[name]}"}}' for name in used)
    (ICONS / "bootstrap-icons.subset.css").write_text(
        "/* Bootstrap Icons v1.13.2 (MIT), the icons in use only: scripts/subset-icons.py */\n"
        '@font-face{font-display:swap;font-family:bootstrap-icons;src:url("fonts/'
        'bootstrap-icons.subset.woff2") format("woff2")}'
        '.bi::before,[class*=" bi-"]::before,[class^=bi-]::before{display:inline-block;'
        "font-family:bootstrap-icons!important;font-style:normal;font-weight:400!important;"
        "font-variant:normal;text-transform:none;line-height:1;vertical-align:-.125em;"
        "-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale}"
        f"{rules}\n",
        encoding="utf-8",
    )
    print(f"{len(used)} icons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
