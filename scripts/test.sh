#!/usr/bin/env bash
# Runs every test: formatting, lints, unit tests, and end-to-end tests against real Chromium
# (headless, plus app windows under an Xvfb display the tests start themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --with-xvfb --with-typescript
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
# The default targets: libraries, binaries, tests, doc tests, and the examples (built, for the
# example test to run). The last line sums up every test binary's result.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
awk '/^test result:/ { passed += $4; failed += $6 }
     END { printf "cathode: %d passed, %d failed\n", passed, failed }' "$log"
exit "$status"
