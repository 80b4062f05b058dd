#!/usr/bin/env bash
# Create or refresh the project's virtual environment (.venv) from requirements.lock.
# Sourced by scripts/demo.sh and scripts/test.sh; needs only Python 3.11+ with pip and venv.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${BIMTEK_VENV:-$REPO/.venv}"
PYTHON="${PYTHON:-python3}"

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "bimtek memerlukan Python 3.11 atau lebih baru ($PYTHON: $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Menyiapkan lingkungan Python di $VENV ..." >&2
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.bimtek-lock"
want="$(sha256sum "$REPO/requirements.lock" "$REPO/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Memasang paket sesuai requirements.lock (sekali saja) ..." >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REPO/requirements.lock"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e "$REPO" \
    || "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$REPO"
  echo "$want" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"
