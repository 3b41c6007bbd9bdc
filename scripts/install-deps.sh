#!/usr/bin/env bash
# Installs what cathode's example and tests need, when missing: a Chromium-based browser (Debian's
# `chromium`); with --with-xvfb, Xvfb and a window manager with its command-line tools (openbox,
# wmctrl, xprop: for the tests of real app windows); with --with-typescript,
# Debian's TypeScript compiler (for the tests of the declarations in types/). Safe to run again:
# it installs nothing that is already there.
set -euo pipefail

need=()
if [ -z "${CATHODE_BROWSER:-}" ] && ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null \
    && ! command -v chromium-browser >/dev/null; then
  need+=(chromium)
fi
for option in "$@"; do
  case "$option" in
    --with-xvfb)
      command -v Xvfb >/dev/null || need+=(xvfb xauth)
      # The headful tests run a window manager and ask it what it shows.
      command -v openbox >/dev/null || need+=(openbox)
      command -v wmctrl >/dev/null || need+=(wmctrl)
      command -v xprop >/dev/null || need+=(x11-utils)
      # cathode-desktop's tests start a private session bus.
      command -v dbus-daemon >/dev/null || need+=(dbus-daemon) ;;
    --with-typescript) command -v tsc >/dev/null || need+=(node-typescript) ;;
    *) echo "install-deps.sh: unknown option $option" >&2; exit 2 ;;
  esac
done
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
