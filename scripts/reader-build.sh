#!/bin/sh
# Trunk post-build step (scripts/post-build.sh): the import worker's own wasm
# module, "the reader" (Cargo.toml: `--no-default-features --features
# reader`: calamine, encoding_rs, zip's reader, the layout inference and
# src/web/worker.rs, without the view). Trunk builds the page's module
# (index.html: `--features page`), which has no file reader; every file is
# read by this one, in the throw-away worker (src/ui/import_worker.js).
#
# Built here with cargo + wasm-bindgen + wasm-opt as Trunk builds the page's
# (same tools, `--target web`), but for speed (opt-level 3, `-O3`) where the
# page is built for size (`"z"`/`"s"`, `-Oz`), rather than as a second Trunk
# `rel="rust"` asset: Trunk builds its assets at the same time, and two
# builds of this one crate with different features would share cargo's
# output file. It gets a target dir of its own for the same reason.
#
# Writes <dist>/quota-planner-reader-<hash>.js and _bg.wasm (hashed for
# caching, like Trunk's) and quota-planner-reader.js, their stable alias.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
root=$(cd "$(dirname "$0")/.." && pwd)
# The same tools as Trunk's (scripts/env.sh, which is bash): npm's wasm-opt.
PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
target="${CARGO_TARGET_DIR:-$root/target}/reader"
profile="${TRUNK_PROFILE:-release}"
if [ "$profile" = "release" ]; then
  # Cargo.toml's `reader` profile: the release one at opt-level 3.
  cargo build --quiet --manifest-path "$root/Cargo.toml" --lib --profile reader \
    --target wasm32-unknown-unknown --no-default-features --features reader \
    --target-dir "$target"
  built="$target/wasm32-unknown-unknown/reader/quota_planner.wasm"
else
  cargo build --quiet --manifest-path "$root/Cargo.toml" --lib \
    --target wasm32-unknown-unknown --no-default-features --features reader \
    --target-dir "$target"
  built="$target/wasm32-unknown-unknown/debug/quota_planner.wasm"
fi
out="$target/bindgen"
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name reader "$built"
if [ "$profile" = "release" ]; then
  # -O3 as the cargo profile: speed over size for the reader.
  wasm-opt -O3 --output "$out/reader_opt.wasm" "$out/reader_bg.wasm"
  mv "$out/reader_opt.wasm" "$out/reader_bg.wasm"
fi
# The reader's JS snippets (src/web/boundary.js) sit where the page's do,
# under the same crate's folder: the same files.
if [ -d "$out/snippets" ]; then
  (cd "$out" && find snippets -type f) | while read -r snippet; do
    if [ -f "$dir/$snippet" ] && ! cmp -s "$out/$snippet" "$dir/$snippet"; then
      echo "reader-build: $snippet differs from the page's" >&2
      exit 1
    fi
    mkdir -p "$(dirname "$dir/$snippet")"
    cp "$out/$snippet" "$dir/$snippet"
  done
fi
hash=$(cat "$out/reader_bg.wasm" "$out/reader.js" | sha256sum | cut -c1-16)
name="quota-planner-reader-$hash"
rm -f "$dir"/quota-planner-reader*
cp "$out/reader.js" "$dir/$name.js"
cp "$out/reader_bg.wasm" "$dir/${name}_bg.wasm"
printf "export * from './%s.js';\nexport { default } from './%s.js';\nexport const glueFile = './%s.js';\nexport const wasmFile = '%s_bg.wasm';\n" \
  "$name" "$name" "$name" "$name" > "$dir/quota-planner-reader.js"
echo "reader-build: $name ($(wc -c < "$dir/${name}_bg.wasm") bytes of wasm)"
