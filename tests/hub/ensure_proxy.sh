#!/usr/bin/env bash
# Pastikan configurable-http-proxy (proksi JupyterHub, dari npm) terpasang untuk uji ruang
# pelatihan. Idempoten: bila sudah ada, tidak memasang apa pun.
set -euo pipefail
if ! command -v configurable-http-proxy >/dev/null 2>&1; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "ensure_proxy: npm tidak ada; pasang Node.js dan npm dulu (apt-get install -y npm)." >&2
        exit 1
    fi
    npm install -g --silent configurable-http-proxy
fi
command -v configurable-http-proxy
