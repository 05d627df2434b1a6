#!/usr/bin/env bash
# Installs what building (and with --test, testing) needs, only where it is
# missing: a second run installs nothing. Downloads come from the package
# registries only (crates.io, npm, Debian).
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

trunk_version=0.21.14   # 0.22 needs a newer rustc than this machine's
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$trunk_version" ]; then
  say "installing trunk $trunk_version"
  cargo install --locked trunk --version "$trunk_version"
fi

# wasm-bindgen-cli must equal the wasm-bindgen crate of Cargo.lock.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version"
  cargo install --locked wasm-bindgen-cli --version "$bindgen_version" \
    || cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# wasm-opt from npm's binaryen@132 (Debian's 108 breaks the module),
# esbuild (bundles the single file, scripts/single-file.mjs), Playwright's
# driver (it drives Debian's Chromium) and puppeteer-core (it drives Debian's
# Firefox ESR over WebDriver BiDi); neither downloads a browser. SheetJS
# (xlsx) and HyperFormula are the peers of scripts/bench-peers.sh only: the
# benchmark puts them into its page, the product build never reads them.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ ! -d node_modules/esbuild ] || [ ! -d node_modules/puppeteer-core ] \
   || [ ! -d node_modules/xlsx ] || [ ! -d node_modules/hyperformula ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tools (binaryen, esbuild, playwright-core, puppeteer-core, xlsx, hyperformula)"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# Trunk builds offline (Trunk.toml), so cargo needs every crate fetched.
cargo fetch --quiet

if [ "$want_test" = 1 ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing chromium and chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi
  # Firefox ESR opens the single file from file:// (tests/browser/offline.test.mjs).
  if [ ! -x /usr/bin/firefox-esr ]; then
    say "installing firefox-esr"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends firefox-esr
  fi
  # LibreOffice recalculates the exported workbook's formulas
  # (tests/export_libreoffice.rs); poppler's pdftotext reads the printed
  # PDF back (tests/browser/print.test.mjs).
  if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null; then
    say "installing libreoffice-calc-nogui and poppler-utils"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-calc-nogui poppler-utils
  fi
fi
say "tools ready"
