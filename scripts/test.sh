#!/usr/bin/env bash
# Installs what is missing, builds with -Werror, and runs every test (unit, integration, e2e)
# through ctest. What CI runs (.ci/run). Takes about N minutes on 2 cores from nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --workflow --preset ci
