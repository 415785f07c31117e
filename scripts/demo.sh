#!/usr/bin/env bash
# The main job on this machine: installs what is missing, builds obsctl and demoapp, starts
# the local stack (demoapp, Prometheus, Alertmanager) with its rules time-scaled by 0.1, runs
# the scenario (default: errors) and verifies its alerts: HighErrorRate fires, reaches
# Alertmanager's oncall route and resolves, nothing else fires; then prints the Slack message
# the person on call would have read. Arguments: scenarios to run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
{ cmake --preset release -DOBSCTL_TESTS=OFF && cmake --build build/release; } > build.log 2>&1 \
  || { cat build.log; exit 1; }
rm -f build.log
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
status=0
build/release/bin/obsctl run "${@:-errors}" --local-stack --time-scale 0.1 \
  --report "$reports/run.json" || status=$?
# It ends with the message the person on call would have read (Slack, as the shipped
# Alertmanager configuration pages oncall).
python3 scripts/on_call_message.py "$reports"/*.json
exit $status
