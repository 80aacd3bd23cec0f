#!/usr/bin/env bash
# Installs what Jijiao needs on Debian 12, only what is missing: apt packages
# (compiler toolchain, libraries, PostgreSQL, Chromium for the e2e test) and
# the web UI's npm packages (npm ci, from package-lock.json). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev libsoci-dev libsoci-sqlite3-4.0 libsoci-postgresql4.0 libsqlite3-dev libpq-dev libicu-dev
  libsodium-dev nlohmann-json3-dev libspdlog-dev libcli11-dev libcpp-httplib-dev libgtest-dev libgmock-dev
  libxlsxwriter-dev libzip-dev libpugixml-dev libpango1.0-dev libcairo2-dev libqrencode-dev
  fonts-noto-cjk poppler-utils
  postgresql sqlite3 wrk curl jq python3
  clang libclang-rt-14-dev
  chromium nodejs npm
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  # nodejs/npm may come from elsewhere on a developer machine: accept any node >= 20.
  if [[ $p == nodejs || $p == npm ]] && command -v node >/dev/null && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
fi

for dir in web e2e; do
  if [[ -f $dir/package-lock.json ]]; then
    stamp=$dir/node_modules/.jijiao-lock
    if [[ ! -f $stamp ]] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
      echo "bootstrap: npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
      cp "$dir/package-lock.json" "$stamp"
    fi
  fi
done
