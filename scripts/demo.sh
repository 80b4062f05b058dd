#!/usr/bin/env bash
# One command for the demo: prepare the environment, then run `bimtek demo` (arguments pass through).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO"
exec bimtek demo "$@"
