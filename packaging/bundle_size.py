"""Size breakdown of a built bundle folder: what dominates, by group and by file."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

GROUPS = (  # (group, test on the path inside _internal/), first match wins
    ("ICU (Unicode tables QtCore links)", lambda p: "/libicu" in p or p.startswith("libicu")),
    ("Qt libraries", lambda p: p.startswith("PySide6/Qt/lib/") or p.startswith(("libQt6", "Qt6"))),
    ("Qt plugins", lambda p: "/plugins/" in p),
    ("PySide6 bindings", lambda p: p.startswith(("PySide6/", "shiboken6/", "libpyside", "libshiboken"))),
    ("Python runtime (libpython, stdlib extensions)",
     lambda p: p.startswith(("libpython", "python3", "base_library.zip", "lib-dynload/")) or p.endswith(".pyd")),
    ("Pillow (reportlab imports it)", lambda p: p.startswith(("PIL/", "pillow.libs/"))),
    ("fonts for PDFs", lambda p: p.startswith("fonts/")),
    ("frameworks, icons, installer", lambda p: p.startswith(("frameworks/", "packaging/", "share/", "install-"))),
    ("system libraries copied from the build machine", lambda p: "/" not in p and ".so" in p),
)


def breakdown(root: Path) -> tuple[int, Counter, list[tuple[int, str]]]:
    """Total bytes, bytes per group, and (size, path) of every file (symlinks not counted)."""
    groups: Counter = Counter()
    files: list[tuple[int, str]] = []
    for d, _dirs, names in os.walk(root):
        for n in names:
            p = Path(d) / n
            if p.is_symlink():
                continue
            size = p.stat().st_size
            rel = p.relative_to(root).as_posix()
            files.append((size, rel))
            inner = rel.split("/", 1)[1] if rel.startswith("_internal/") else rel
            if "/" not in rel and os.access(p, os.X_OK) and not n.endswith(".sh"):
                group = "executable (bootloader + compressed Python code)"
            else:
                group = next((g for g, test in GROUPS if test(inner)), "other")
            groups[group] += size
    return sum(groups.values()), groups, sorted(files, reverse=True)


def report(root: Path, top: int = 10) -> str:
    total, groups, files = breakdown(root)
    lines = [f"Bundle {root}: {total / 2**20:.1f} MB in {len(files)} files", "What dominates:"]
    lines += [f"  {s / 2**20:7.1f} MB  {100 * s / total:4.1f}%  {g}" for g, s in groups.most_common()]
    lines.append(f"Largest {top} files:")
    lines += [f"  {s / 2**20:7.1f} MB  {rel}" for s, rel in files[:top]]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: bundle_size.py BUNDLE_DIR")
    print(report(Path(sys.argv[1])))
