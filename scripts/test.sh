#!/usr/bin/env bash
# Runs every test: formatting, lints, unit tests, and end-to-end tests against real Chromium
# (headless, plus app windows under an Xvfb display the tests start themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --with-xvfb
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
# The default targets: libraries, binaries, tests, doc tests, and the examples (built, for the
# example test to run).
cargo test --workspace
