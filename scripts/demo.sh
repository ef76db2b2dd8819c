#!/usr/bin/env bash
# Installs missing packages, builds liteserve, builds the demo database from fixtures/demo.sql
# and serves it (Ctrl-C stops the server).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)"
rm -f build/demo.db
sqlite3 build/demo.db < fixtures/demo.sql
echo "Open http://127.0.0.1:${PORT:-8001}/demo.json"
exec build/liteserve serve build/demo.db -p "${PORT:-8001}" "$@"
