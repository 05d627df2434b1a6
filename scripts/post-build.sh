#!/bin/sh
# Trunk's post-build hook, one script so the steps run in order (Trunk runs
# the hooks of a stage at the same time): the glue's stable alias, the
# import worker's own module (the reader, scripts/reader-build.sh), then on
# release builds the single file quota-planner.html and the service worker
# sw.js, which lists every file before it (a debug build's wasm is tens of
# MB, and a service worker would serve stale files to `trunk serve`).
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
here=$(dirname "$0")
sh "$here/glue-alias.sh"
sh "$here/reader-build.sh"
# Trunk leaves the `<link data-trunk rel="rust">` in place when it injects
# no script (Trunk.toml: inject_scripts = false): it is not for browsers.
sed -i '/<link data-trunk rel="rust"/d' "$dir/index.html"
[ "${TRUNK_PROFILE:-release}" = "release" ] || exit 0
node "$here/single-file.mjs" "$dir"
node "$here/service-worker.mjs" "$dir"
