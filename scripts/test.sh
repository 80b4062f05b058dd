#!/usr/bin/env bash
# One command for the whole test suite: prepare the environment, make sure Chromium, the
# PostgreSQL server programs and bubblewrap are there for the browser, PostgreSQL and sandbox
# tests (they must run, not skip), then run pytest (arguments pass through).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO"
bash tests/browser/ensure_chromium.sh
bash tests/postgres/ensure_postgres.sh
bash tests/hub/ensure_proxy.sh
bash tests/grade/ensure_bubblewrap.sh
export BIMTEK_REQUIRE_BROWSER=1
export BIMTEK_REQUIRE_POSTGRES=1
export BIMTEK_REQUIRE_SANDBOX=1
exec python -m pytest "$@"
