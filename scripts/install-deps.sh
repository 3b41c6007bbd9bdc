#!/usr/bin/env bash
# Installs what cathode's example and tests need, when missing: a Chromium-based browser (Debian's
# `chromium`) and Xvfb (for the tests of real app windows). Safe to run again: it installs nothing
# that is already there.
set -euo pipefail

need=()
if [ -z "${CATHODE_BROWSER:-}" ] && ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null \
    && ! command -v chromium-browser >/dev/null; then
  need+=(chromium)
fi
if [ "${1:-}" = "--with-xvfb" ] && ! command -v Xvfb >/dev/null; then
  need+=(xvfb xauth)
fi
if [ "${1:-}" = "--with-xvfb" ] && ! command -v dbus-daemon >/dev/null; then
  need+=(dbus-daemon) # cathode-desktop's tests start a private session bus
fi
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "cathode needs: ${need[*]}. Install them with your package manager." >&2
  exit 1
fi
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "installing ${need[*]} from Debian's packages..." >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
