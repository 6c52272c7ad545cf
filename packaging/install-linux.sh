#!/usr/bin/env bash
# Per-user install of the built bundle (no administrator rights, no network):
#   packaging/install-linux.sh [BUNDLE_DIR]   from the repository (default BUNDLE_DIR: dist/npmassess)
#   npmassess/install-linux.sh                from an unpacked bundle (build.sh copies it there)
#   install-linux.sh --uninstall              removes the program; keeps your data
# Copies the bundle to ~/.local/opt/npmassess, links ~/.local/bin/npmassess, and installs the menu
# entry and icons under ~/.local/share. Data stays in ~/.local/share/npmassess (never touched here).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
PREFIX="$HOME/.local/opt/npmassess"
BIN="$HOME/.local/bin"
APPS="$DATA_HOME/applications"
ICONS="$DATA_HOME/icons/hicolor"

refresh() {  # let menus and icon themes notice; both tools are optional
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$APPS" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$PREFIX"
  [ -L "$BIN/npmassess" ] && rm -f "$BIN/npmassess"
  rm -f "$APPS/npmassess.desktop"
  find "$ICONS" -name 'npmassess.png' -path '*/apps/*' -delete 2>/dev/null || true
  rm -f "$ICONS/scalable/apps/npmassess.svg"
  refresh
  echo "npmassess removed. Your assessments are still in $DATA_HOME/npmassess."
  exit 0
fi

if [ -x "$HERE/npmassess" ]; then  # running from inside a bundle
  SRC="${1:-$HERE}"; ASSETS="$HERE/share"
else                               # running from the repository's packaging/ folder
  SRC="${1:-$HERE/../dist/npmassess}"; ASSETS="$HERE"
fi
if [ ! -x "$SRC/npmassess" ]; then
  echo "install-linux.sh: no built bundle at $SRC (expected $SRC/npmassess). Build it with packaging/build.sh," >&2
  echo "or give the folder of an unpacked bundle: packaging/install-linux.sh /path/to/npmassess" >&2
  exit 1
fi
SRC="$(cd "$SRC" && pwd)"
if [ "$SRC" = "$PREFIX" ]; then
  echo "install-linux.sh: $SRC is already the installed copy" >&2
  exit 1
fi

# Copy into a fresh folder, then swap, so a failed copy never leaves a half-installed program.
mkdir -p "$(dirname "$PREFIX")"
tmp="$(mktemp -d "$(dirname "$PREFIX")/.npmassess-install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cp -a "$SRC/." "$tmp/"
rm -rf "$PREFIX"
mv "$tmp" "$PREFIX"
trap - EXIT

mkdir -p "$BIN" "$APPS"
ln -sfn "$PREFIX/npmassess" "$BIN/npmassess"

for size in 16 32 48 64 128 256 512; do
  if [ -f "$ASSETS/icons/npmassess-$size.png" ]; then
    install -D -m 644 "$ASSETS/icons/npmassess-$size.png" "$ICONS/${size}x${size}/apps/npmassess.png"
  fi
done
[ -f "$ASSETS/icons/npmassess.svg" ] && install -D -m 644 "$ASSETS/icons/npmassess.svg" "$ICONS/scalable/apps/npmassess.svg"

# Desktop entry: menus do not expand ~ or search ~/.local/bin, so write absolute paths.
sed -e "s|^Exec=.*|Exec=\"$PREFIX/npmassess\"|" -e "s|^TryExec=.*|TryExec=$PREFIX/npmassess|" \
  "$ASSETS/npmassess.desktop" > "$APPS/npmassess.desktop"
chmod 644 "$APPS/npmassess.desktop"
refresh

echo "Installed npmassess $(du -sh "$PREFIX" | cut -f1) in $PREFIX"
echo "  menu entry: $APPS/npmassess.desktop"
echo "  command:    $BIN/npmassess$(case ":$PATH:" in *":$BIN:"*) ;; *) echo " (add $BIN to PATH to type just 'npmassess')";; esac)"
echo "  your data:  $DATA_HOME/npmassess (created on first start)"
