#!/usr/bin/env bash
# Pastikan Chromium dari Debian terpasang di /usr/bin/chromium untuk uji peramban.
# Idempoten: bila sudah ada, tidak memasang apa pun. Jangan pakai `playwright install`.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "ensure_chromium: $CHROMIUM tidak ada dan skrip ini bukan root; pasang dengan:" >&2
        echo "  sudo apt-get install -y chromium" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

# The Debian wrapper script may print a harmless shell warning on stderr; keep stdout clean.
"$CHROMIUM" --version 2>/dev/null
