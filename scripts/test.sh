#!/usr/bin/env bash
# One command for the whole test suite: prepare the environment, make sure Chromium and the
# PostgreSQL server programs are there for the browser and PostgreSQL tests (they must run, not
# skip), then run pytest (arguments pass through).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO"
bash tests/browser/ensure_chromium.sh
bash tests/postgres/ensure_postgres.sh
export BIMTEK_REQUIRE_BROWSER=1
export BIMTEK_REQUIRE_POSTGRES=1
exec python -m pytest "$@"
