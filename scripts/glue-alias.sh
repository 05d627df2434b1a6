#!/bin/sh
# Trunk post-build step (scripts/post-build.sh): writes quota-planner-glue.js, a stable-named alias
# of the page module's hashed wasm-bindgen glue, for the embed entry (src/web/quota-planner.js) to
# load; it also names the hashed wasm beside it (the glue's own
# default would be the unhashed name). The glue and wasm keep their hashed names for caching.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
glue=$(cd "$dir" && ls quota-planner-*.js | grep -v -e '-glue\.js$' -e '_loader\.js$' -e '^quota-planner-reader' | head -n 1)
[ -n "$glue" ] || { echo "glue-alias: no quota-planner-*.js in $dir" >&2; exit 1; }
wasm="${glue%.js}_bg.wasm"
[ -f "$dir/$wasm" ] || { echo "glue-alias: no $wasm in $dir" >&2; exit 1; }
printf "export * from './%s';\nexport { default } from './%s';\nexport const wasmFile = '%s';\n" "$glue" "$glue" "$wasm" > "$dir/quota-planner-glue.js"
