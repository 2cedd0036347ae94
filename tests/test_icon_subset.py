"""The pages load a subset of Bootstrap Icons (scripts/subset-icons.py): every icon the
templates and code name must be in it, or it would show as nothing."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("subset_icons", ROOT / "scripts/subset-icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_icon_in_use_is_in_the_subset_the_pages_load():
    script = _script()
    subset_css = (script.ICONS / "bootstrap-icons.subset.css").read_text()
    known = script.all_icons()
    used = {name for name in script.icons_in_use() if name in known}
    missing = sorted(name for name in used if f".bi-{name}::before" not in subset_css)
    assert not missing, f"run scripts/subset-icons.py: {missing}"
    assert len(used) > 20  # the scan does find the icons
    assert (script.ICONS / "fonts" / "bootstrap-icons.subset.woff2").stat().st_size < 20_000
