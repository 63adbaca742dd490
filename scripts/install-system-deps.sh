#!/usr/bin/env bash
# System packages the test suite needs: Chromium and its driver for the browser tests,
# CJK fonts so that Chinese renders in screenshots and PDFs, Pango for WeasyPrint's PDFs, and
# HarfBuzz's subsetter (without it WeasyPrint falls back to fontTools: 10+ s per letter).
# Installs them with apt-get when run as root on Debian/Ubuntu; otherwise prints the command.
set -euo pipefail

PACKAGES=(chromium chromium-driver fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${PACKAGES[*]})"
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "system packages missing: ${missing[*]}" >&2
echo "install them with:  sudo apt-get install -y ${PACKAGES[*]}" >&2
exit 1
