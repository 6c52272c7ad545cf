#!/usr/bin/env bash
# Installs the Debian packages Qt, the PDF checks, the Excel checks and the hub tests need (skips what is present).
set -euo pipefail
PKGS=(
  # Qt 6 runtime (offscreen and desktop)
  libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libx11-6
  libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxcb-sync1 libxcb-shm0 libxcb-util1
  # fonts: DejaVu (Latin, Greek, Cyrillic) and WenQuanYi Micro Hei (CJK, embeddable in PDFs)
  fonts-dejavu-core fonts-wqy-microhei
  # Liberation Serif/Sans: metric-compatible with Times New Roman/Arial (award application font rules)
  fonts-liberation
  # Python venv support on a bare Debian
  python3-venv
  # tests: PDF text and page images, a real spreadsheet program, a virtual display
  poppler-utils libreoffice-calc-nogui xvfb xauth
  # the hub tests start a throwaway PostgreSQL server (initdb, pg_ctl) of the distribution
  postgresql
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "apt: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
