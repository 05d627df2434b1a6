#!/usr/bin/env bash
# Prints in-browser figures for the release build (see tests/browser/bench.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
[ "${1:-}" = "--no-build" ] || trunk build --release >/dev/null
node tests/browser/bench.mjs
