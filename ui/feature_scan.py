"""Spares PySide6 reading the source of every npmassess and ui module as it is imported (~30 ms a start).

PySide6 replaces ``__import__`` so that a module may write ``from __feature__ import snake_case``.
After each import of a module it has not seen, it reads the module's whole source
(``inspect.getsource``) to find the word "PySide6" and records the answer in
``shibokensupport.feature.pyside_feature_dict``: 0 (uses PySide6, no feature selected) or -1 (not
a PySide6 module). A start that reopens an assessment imports about 80 of our modules after PySide6,
and the reading cost about 30 ms of CPU (measured: 396 ms without this, 364 ms with it, median of 11).

The answers for our own modules are known in advance: no npmassess module mentions PySide6 (-1,
PySide's own answer; tests/ui/test_startup_lazy.py checks it) and ui modules use it (0). No module
of ours selects a feature (the same test refuses ``__feature__``), and while none is selected 0 and
-1 behave alike, so registering the answers before the modules load leaves PySide6 exactly as it
would have been. Nothing is done unless the table exists as PySide6 6.x keeps it and no feature was
selected yet; a module already registered is left as PySide recorded it.
"""

from __future__ import annotations

import os
from pathlib import Path


def module_names(package_dir: Path, package: str) -> list[str]:
    """Dotted names of the package and every module and sub-package under it (from the file tree)."""
    out = []
    for folder, dirs, files in os.walk(package_dir):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        rel = Path(folder).relative_to(package_dir).parts
        prefix = ".".join((package, *rel))
        out.append(prefix)
        out.extend(f"{prefix}.{name[:-3]}" for name in files if name.endswith(".py") and name != "__init__.py")
    return out


def register_own_modules() -> int:
    """Record PySide6's answer for our modules before they load; returns how many were registered."""
    try:
        from shibokensupport import feature  # PySide6's own (internal) module
    except ImportError:
        return 0
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict) or any(isinstance(v, int) and v > 0 for v in table.values()):
        return 0  # another layout, or a feature already selected somewhere: leave PySide to it
    import npmassess
    count = 0
    here = Path(__file__).resolve().parent
    for package_dir, package, answer in ((Path(npmassess.__file__).resolve().parent, "npmassess", -1),
                                         (here, "ui", 0)):
        for name in module_names(package_dir, package):
            if name not in table:
                table[name] = answer
                count += 1
    return count
