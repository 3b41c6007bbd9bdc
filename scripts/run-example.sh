#!/usr/bin/env bash
# Runs the ping_pong example app: installs Chromium when missing, builds, runs. Without a display
# it runs headless, clicks its own button and exits 0 when the exchange is done.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec cargo run -p cathode --example ping_pong
