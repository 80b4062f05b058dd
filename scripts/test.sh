#!/usr/bin/env bash
# One command for the whole test suite: prepare the environment, make sure Chromium is there
# for the browser tests (they must run, not skip), then run pytest (arguments pass through).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO"
bash tests/browser/ensure_chromium.sh
export BIMTEK_REQUIRE_BROWSER=1
exec python -m pytest "$@"
