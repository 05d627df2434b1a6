#!/usr/bin/env bash
# Prints the release build's sizes, raw and gzipped (-9), after a build: each
# file of the page, each of the import worker's reader (loaded on the first
# import), and the totals issue 11 counts (wasm + JS).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
[ "${1:-}" = "--no-build" ] || trunk build --release >/dev/null
gz() { gzip -9c "$1" | wc -c; }
page_raw=0 page_gz=0 reader_raw=0 reader_gz=0
printf '%-46s %12s %12s\n' file raw gzip
for f in dist/*.wasm dist/*.js dist/snippets/*/src/*/*.js dist/*.css dist/index.html; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f") packed=$(gz "$f")
  printf '%-46s %12d %12d\n' "${f#dist/}" "$raw" "$packed"
  case "$f" in
    dist/sw.js | *.css | *.html) ;;
    dist/quota-planner-reader*) reader_raw=$((reader_raw + raw)) reader_gz=$((reader_gz + packed)) ;;
    *) page_raw=$((page_raw + raw)) page_gz=$((page_gz + packed)) ;;
  esac
done
printf '%-46s %12d %12d\n' 'page: wasm + JS (all but the reader)' "$page_raw" "$page_gz"
printf '%-46s %12d %12d\n' 'reader: wasm + JS (on the first import)' "$reader_raw" "$reader_gz"
