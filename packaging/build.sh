#!/usr/bin/env bash
# Builds the one-folder desktop bundle dist/npmassess/ with the repository's .venv (Linux), then
# runs its self-check and prints the size and what dominates it.
#   packaging/build.sh [--distpath DIR] [--workpath DIR] [--no-smoke]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DIST="$ROOT/dist"
WORK="$ROOT/build"
SMOKE=1
while (($#)); do
  case "$1" in
    --distpath) DIST="$(realpath -m "$2")"; shift 2 ;;
    --workpath) WORK="$(realpath -m "$2")"; shift 2 ;;
    --no-smoke) SMOKE=0; shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

PY="$ROOT/.venv/bin/python"
if [ ! -x "$PY" ]; then
  echo "build.sh: $PY not found. Create the environment first: make venv (or python3 -m venv .venv && .venv/bin/pip install -e .)" >&2
  exit 1
fi
if ! "$PY" -c "import PyInstaller, sys; sys.exit(int(PyInstaller.__version__.split('.')[0]) < 6)" 2>/dev/null; then
  echo "build.sh: installing PyInstaller into .venv"
  "$ROOT/.venv/bin/pip" install -q 'pyinstaller>=6'
fi

# icons are committed; regenerate them only if the SVG is newer than the PNG
if [ packaging/icons/npmassess.svg -nt packaging/icons/npmassess.png ]; then
  QT_QPA_PLATFORM=offscreen "$PY" packaging/make_icon.py
fi

t0=$SECONDS
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/npmassess.spec
# What a user needs to install an unpacked copy without the repository (install-linux.sh).
mkdir -p "$DIST/npmassess/share/icons"
cp packaging/install-linux.sh "$DIST/npmassess/"
cp packaging/npmassess.desktop "$DIST/npmassess/share/"
cp packaging/icons/npmassess-*.png packaging/icons/npmassess.svg "$DIST/npmassess/share/icons/"
echo "build.sh: built $DIST/npmassess in $((SECONDS - t0)) s"

APP="$DIST/npmassess/npmassess"
if [ "$SMOKE" = 1 ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # headless and isolated: never touches the developer's data directory
  NPMASSESS_DATA_DIR="$tmp/data" QT_QPA_PLATFORM=offscreen "$APP" smoke
fi

echo
echo "Size of $DIST/npmassess: $(du -sh "$DIST/npmassess" | cut -f1) ($(find "$DIST/npmassess" -type f | wc -l) files)"
"$PY" - "$DIST/npmassess" <<'EOF'
"""Prints what dominates the bundle: groups, then the largest files."""
import os, sys
from collections import Counter
root = sys.argv[1]
groups, files = Counter(), []
for d, _dirs, names in os.walk(root):
    for n in names:
        p = os.path.join(d, n)
        if os.path.islink(p):
            continue
        size = os.path.getsize(p)
        rel = os.path.relpath(p, root).replace(os.sep, "/")
        files.append((size, rel))
        inner = rel.split("/", 1)[1] if rel.startswith("_internal/") else rel
        if inner.startswith("PySide6/Qt/lib/libicu"):
            g = "ICU (Unicode data for QtCore)"
        elif inner.startswith("PySide6/Qt/lib/"):
            g = "Qt libraries"
        elif inner.startswith("PySide6/Qt/plugins/"):
            g = "Qt plugins"
        elif inner.startswith(("PySide6/", "shiboken6/", "libpyside", "libshiboken")):
            g = "PySide6 bindings"
        elif inner.startswith("libpython") or inner.startswith("python3") or inner == "base_library.zip":
            g = "Python runtime (libpython, stdlib extensions)"
        elif "/" not in rel:
            g = "executable (bootloader + compressed Python code)"
        elif inner.startswith(("PIL/", "pillow.libs/")):
            g = "Pillow (required by reportlab)"
        elif inner.startswith("fonts/"):
            g = "fonts for PDFs"
        elif inner.startswith(("frameworks/", "icons/")):
            g = "frameworks and icons"
        elif "/" not in inner and ".so" in inner:
            g = "system libraries copied from the build machine"
        else:
            g = "other"
        groups[g] += size
total = sum(groups.values())
print("What dominates:")
for g, s in groups.most_common():
    print(f"  {s / 2**20:7.1f} MB  {100 * s / total:4.1f}%  {g}")
print("Largest files:")
for s, rel in sorted(files, reverse=True)[:10]:
    print(f"  {s / 2**20:7.1f} MB  {rel}")
EOF
