#!/bin/sh
# Trunk post-build step (scripts/post-build.sh): writes quota-planner-glue.js, a stable-named alias
# of the hashed wasm-bindgen glue, for the import worker to load (see
# src/ui/import_worker.js). The glue keeps its hashed name for caching.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
glue=$(cd "$dir" && ls quota-planner-*.js | grep -v -e '-glue\.js$' -e '_loader\.js$' | head -n 1)
[ -n "$glue" ] || { echo "glue-alias: no quota-planner-*.js in $dir" >&2; exit 1; }
printf "export * from './%s';\nexport { default } from './%s';\n" "$glue" "$glue" > "$dir/quota-planner-glue.js"
