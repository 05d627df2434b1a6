#!/usr/bin/env bash
# Prints the release build's sizes, raw and gzipped (-9), after a build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
[ "${1:-}" = "--no-build" ] || trunk build --release >/dev/null
printf '%-10s %12s %12s\n' file raw gzip
for f in dist/*.wasm dist/*.js dist/*.css dist/index.html; do
  kind=${f##*.}
  printf '%-10s %12d %12d\n' "$kind" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
