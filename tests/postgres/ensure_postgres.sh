#!/usr/bin/env bash
# Pastikan program server PostgreSQL (initdb, postgres) dari Debian terpasang untuk uji buku
# nilai PostgreSQL. Idempoten: bila sudah ada, tidak memasang apa pun. Uji menjalankan servernya
# sendiri di 127.0.0.1 pada folder sementara; klaster bawaan Debian tidak dibiarkan berjalan.
set -euo pipefail

find_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ] || [ ! -x "$BIN/postgres" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "ensure_postgres: PostgreSQL (initdb) tidak ada dan skrip ini bukan root; pasang dengan:" >&2
        echo "  sudo apt-get install -y postgresql" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    # The package creates and may start a "main" cluster: the tests start their own server,
    # so stop whatever the installation started.
    if command -v pg_lsclusters >/dev/null; then
        pg_lsclusters --no-header | awk '$4 == "online" {print $1, $2}' |
            while read -r version cluster; do
                pg_ctlcluster "$version" "$cluster" stop || true
            done
    fi
    BIN="$(find_bin)"
fi

if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    echo "ensure_postgres: initdb tetap tidak ditemukan di /usr/lib/postgresql/*/bin." >&2
    exit 1
fi
"$BIN/postgres" --version
