#!/usr/bin/env bash
# The main job on this machine: installs what is missing, builds obsctl and demoapp, starts
# the local stack (demoapp, Prometheus, Alertmanager) time-scaled by 0.1, and proves the
# alert pipeline end to end: traffic counted exactly, ApplicationDown firing, routed and
# resolved. Extra arguments go to `obsctl stack selftest`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
{ cmake --preset release -DOBSCTL_TESTS=OFF && cmake --build build/release; } > build.log 2>&1 \
  || { cat build.log; exit 1; }
rm -f build.log
exec build/release/bin/obsctl stack selftest --time-scale 0.1 "$@"
