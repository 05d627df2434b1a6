#!/usr/bin/env bash
# Command 2: install what is missing and run every test: format and lint,
# native core tests, then the release build driven in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh --test

echo "== cargo fmt --check"
cargo fmt --check
echo "== clippy (native and wasm32)"
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --quiet -- -D warnings
echo "== native tests"
cargo test --quiet
echo "== release build"
trunk build --release
echo "== browser tests (headless Chromium, and Firefox ESR for the single file; release build)"
node --test --test-concurrency=1 tests/browser/
