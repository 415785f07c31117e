#!/usr/bin/env bash
# The main job on this machine: installs what is missing, builds obsctl and demoapp, starts
# the local stack (demoapp, Prometheus, Alertmanager) with its rules time-scaled by 0.1, runs
# the scenario (default: errors) and verifies its alerts: HighErrorRate fires, reaches
# Alertmanager's oncall route and resolves, nothing else fires. Arguments: scenarios to run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
{ cmake --preset release -DOBSCTL_TESTS=OFF && cmake --build build/release; } > build.log 2>&1 \
  || { cat build.log; exit 1; }
rm -f build.log
exec build/release/bin/obsctl run "${@:-errors}" --local-stack --time-scale 0.1
