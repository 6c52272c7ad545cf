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
"$PY" packaging/bundle_size.py "$DIST/npmassess"
