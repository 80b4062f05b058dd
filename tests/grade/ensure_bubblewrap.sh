#!/usr/bin/env bash
# Make sure the grading sandbox's tools are there (bubblewrap; prlimit and setpriv come with
# util-linux). Idempotent; installs with apt-get when run as root. The full set-up of an
# instructor's or a room's machine is scripts/siapkan-server.sh.
set -euo pipefail
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
{ command -v prlimit >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1; } || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "${need[*]} belum terpasang; jalankan sebagai root: apt-get install ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
bwrap --version
