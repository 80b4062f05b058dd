#!/usr/bin/env bash
# Make sure the grading sandbox's tools are there (bubblewrap; prlimit and setpriv come with
# util-linux). Idempotent; installs with apt-get when run as root.
set -euo pipefail
if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" != "0" ]; then
    echo "bubblewrap belum terpasang; jalankan sebagai root: apt-get install bubblewrap" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
fi
bwrap --version
