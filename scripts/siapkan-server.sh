#!/usr/bin/env bash
# Siapkan mesin pengajar atau server ruang pelatihan: lingkungan Python (requirements.lock),
# bubblewrap dan util-linux (kotak pasir penilaian), configurable-http-proxy (JupyterHub), dan
# izin user namespace untuk akun tanpa root bila kernel atau AppArmor melarangnya. Memasang yang
# bisa dipasang (apt, npm), menyebut yang tidak bisa, lalu menjalankan `bimtek periksa`.
# Jalankan sebagai root:  sudo bash scripts/siapkan-server.sh [--course FOLDER_KEGIATAN]
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gagal=()

say() { echo "siapkan-server: $*"; }

if [ "$(id -u)" != "0" ]; then
  say "bukan root: paket sistem tidak dapat dipasang. Ulangi dengan: sudo bash $HERE/siapkan-server.sh"
  gagal+=("paket sistem (perlu root)")
fi

# 1. Paket sistem lewat apt: bubblewrap, util-linux (prlimit, setpriv), Node.js + npm (proksi).
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
{ command -v prlimit >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1; } || need+=(util-linux)
if ! command -v configurable-http-proxy >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1; then
  need+=(nodejs npm)
fi
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = "0" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    say "memasang ${need[*]} (apt-get) ..."
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; }; then
      gagal+=("apt-get install ${need[*]}")
    fi
  else
    say "apt-get tidak ada di mesin ini; pasang sendiri: ${need[*]}"
    gagal+=("${need[*]} (tanpa apt-get)")
  fi
fi

# 2. configurable-http-proxy lewat npm.
if ! command -v configurable-http-proxy >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v npm >/dev/null 2>&1; then
    say "memasang configurable-http-proxy (npm) ..."
    npm install -g --silent configurable-http-proxy >/dev/null 2>&1 || gagal+=("npm install -g configurable-http-proxy")
  else
    gagal+=("configurable-http-proxy (perlu root dan npm)")
  fi
fi

# 3. User namespace tanpa root (kotak pasir untuk akun pengajar biasa dan Autograde Formgrader).
if [ "$(id -u)" = "0" ]; then
  if [ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null)" = "0" ]; then
    say "mengizinkan user namespace tanpa root (kernel.unprivileged_userns_clone=1) ..."
    echo "kernel.unprivileged_userns_clone = 1" > /etc/sysctl.d/60-bimtek-userns.conf
    sysctl -q -w kernel.unprivileged_userns_clone=1 || gagal+=("sysctl kernel.unprivileged_userns_clone")
  fi
  if [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null)" = "0" ]; then
    say "mengizinkan user namespace (user.max_user_namespaces=15000) ..."
    echo "user.max_user_namespaces = 15000" > /etc/sysctl.d/60-bimtek-userns-max.conf
    sysctl -q -w user.max_user_namespaces=15000 || gagal+=("sysctl user.max_user_namespaces")
  fi
  if [ "$(cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns 2>/dev/null)" = "1" ] \
      && command -v bwrap >/dev/null 2>&1 && [ ! -e /etc/apparmor.d/bimtek-bwrap ]; then
    # Ubuntu 23.10+: only programs with an AppArmor profile may make user namespaces.
    say "memasang profil AppArmor yang mengizinkan bwrap membuat user namespace ..."
    cat > /etc/apparmor.d/bimtek-bwrap <<PROFILE
# Dibuat oleh bimtek scripts/siapkan-server.sh: bwrap (kotak pasir penilaian) boleh membuat
# user namespace tanpa root. Hapus berkas ini lalu 'systemctl reload apparmor' untuk mencabutnya.
abi <abi/4.0>,
include <tunables/global>
profile bimtek-bwrap $(command -v bwrap) flags=(unconfined) {
  userns,
  include if exists <local/bimtek-bwrap>
}
PROFILE
    apparmor_parser -r /etc/apparmor.d/bimtek-bwrap 2>/dev/null || gagal+=("profil AppArmor bwrap")
  fi
fi

# 4. Lingkungan Python sesuai requirements.lock (sama dengan scripts/demo.sh dan scripts/test.sh).
# shellcheck source=env.sh
if ! source "$HERE/env.sh"; then
  gagal+=("lingkungan Python (scripts/env.sh)")
fi

say "PostgreSQL tidak dipasang oleh skrip ini; bila kegiatan memakainya: sudo apt-get install postgresql"
if [ ${#gagal[@]} -gt 0 ]; then
  say "tidak dapat dipasang otomatis: ${gagal[*]}"
fi
echo
exec bimtek periksa "$@"
