#!/usr/bin/env bash
# Command 1: install what is missing, build the release and serve it on
# http://127.0.0.1:8080/ (it opens on the built-in Sóc Trăng appendix).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh
exec trunk serve --release "$@"
