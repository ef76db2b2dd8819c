#!/usr/bin/env bash
# Installs the Debian packages liteserve needs to build, test and benchmark.
# Only what is missing is installed: one apt-get update, then one apt-get install.
set -euo pipefail

packages=(
  build-essential cmake pkg-config python3 sqlite3 curl
  libboost1.81-dev libboost-url1.81-dev libboost-program-options1.81-dev
  libsqlitecpp-dev libsqlite3-dev rapidjson-dev doctest-dev
  libssl-dev zlib1g-dev
)
if [[ ${LITESERVE_BENCH:-0} == 1 ]]; then packages+=(wrk); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} == 0 )); then exit 0; fi

sudo=""
if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
