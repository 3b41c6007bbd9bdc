#!/usr/bin/env bash
# Runs every test: formatting, lints, unit tests, and end-to-end tests against real Chromium
# (headless, plus app windows under an Xvfb display the tests start themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --with-xvfb --with-typescript
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
# The default targets: libraries, binaries, tests, doc tests, and the examples (built, for the
# example test to run). Every test binary runs, even after one failed, so that a run says all
# that failed. The last line sums up every test binary's result.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# CI keeps only the start and the end of long output: the failures' messages come again here,
# without their backtraces, just above the sum.
if [ "$status" -ne 0 ]; then
  echo "cathode: what failed:"
  grep -A6 -E "panicked at|^error" "$log" | grep -v -E "^ +[0-9]+: |^ +at |^stack backtrace:" | head -80 || true
fi
awk '/^test result:/ { passed += $4; failed += $6 }
     END { printf "cathode: %d passed, %d failed\n", passed, failed }' "$log"
exit "$status"
