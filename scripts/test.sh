#!/usr/bin/env bash
# Installs missing packages, builds liteserve and runs the whole test suite (unit, view,
# loopback and the Datasette conformance run) through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)"
ctest --test-dir build --output-on-failure
