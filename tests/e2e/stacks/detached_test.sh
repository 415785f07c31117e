#!/usr/bin/env bash
# Stacks obsctl started earlier, and runs side by side:
#  1. `stack up --detach --time-scale 0.1`, then `run errors --state-dir` with no other flag: the
#     run takes the stack's time scale and URLs, listens on its webhook port by itself, and all 8
#     checks pass, delivery included.
#  2. The same run with a conflicting --time-scale: exit 2 within 2 s, naming both scales.
#  3. Two `run --local-stack` at once: each in a fresh state directory, both pass.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"

STATE="$WORK/detached"
APP_PORT=$(free_port); PROM_PORT=$(free_port); AM_PORT=$(free_port); HOOK_PORT=$(free_port)
obsctl_run up stack up --detach --no-node-exporter --time-scale 0.1 --state-dir "$STATE" --app-port "$APP_PORT" \
  --prometheus-port "$PROM_PORT" --alertmanager-port "$AM_PORT" --webhook-port "$HOOK_PORT" \
  --obsctl-port 0
expect_rc 0 "stack up --detach --no-node-exporter"
stop_detached() { "$OBSCTL" stack down --state-dir "$STATE" >/dev/null 2>&1 || true; }
# cleanup exits with the code it finds in $?: keep the test's.
trap 'rc=$?; set +e; stop_detached; (exit $rc); cleanup' EXIT

# 1. Its time scale, URLs and webhook port, from its state file.
obsctl_run detached run errors --state-dir "$STATE" --report "$WORK/detached.json"
expect_rc 0 "run errors against the detached stack"
expect_out "PASS  deliver HighErrorRate" "delivery is checked on the stack's webhook port"
python3 - "$WORK/detached.json" "$PROM_PORT" <<'PY' || fail "the detached run's report"
import json, sys
doc = json.load(open(sys.argv[1]))
counts = doc["verdict"]["checks"]
assert counts["total"] == 9 and counts["passed"] == 9, counts
names = [c["name"] for a in doc["verification"]["alerts"] for c in a["checks"]]
assert "deliver HighErrorRate" in names and "deliver resolved HighErrorRate" in names, names
assert any(sys.argv[2] in url for url in doc["stack"].values()), doc["stack"]
# The stack's time scale: 4m30s of scenario traffic took about 27 s.
assert doc["elapsed_seconds"] < 40, doc["elapsed_seconds"]
PY
pass "run against a detached stack: its time scale and webhook port, 8 checks passed"

# 2. A run whose time scale differs from the stack's cannot judge it: refused before anything.
app_requests() {
  curl -sf "http://127.0.0.1:$APP_PORT/metrics" | awk '/^http_requests_total\{/ { s += $NF } END { print s }'
}
BEFORE=$(app_requests)
STARTED=$SECONDS
obsctl_run conflict run errors --state-dir "$STATE" --time-scale 1
expect_rc 2 "a conflicting --time-scale"
[[ $((SECONDS - STARTED)) -le 2 ]] || fail "the conflict took $((SECONDS - STARTED)) s"
expect_out "--time-scale 1 conflicts with the local stack's 0.1" "the message names both scales"
[[ $(app_requests) == "$BEFORE" ]] || fail "the refused run sent requests"
pass "a conflicting --time-scale: exit 2 at once, naming both"
stop_detached

# 3. Two runs with their own local stacks at the same time.
"$OBSCTL" run errors --local-stack --no-node-exporter --time-scale 0.1 --report "$WORK/one.json" >"$WORK/one.out" 2>&1 &
ONE=$!; PIDS+=("$ONE")
"$OBSCTL" run errors --local-stack --no-node-exporter --time-scale 0.1 --report "$WORK/two.json" >"$WORK/two.out" 2>&1 &
TWO=$!; PIDS+=("$TWO")
set +e; wait "$ONE"; RC1=$?; wait "$TWO"; RC2=$?; set -e
[[ $RC1 -eq 0 ]] || { cat "$WORK/one.out"; fail "the first of two runs at once: exit $RC1"; }
[[ $RC2 -eq 0 ]] || { cat "$WORK/two.out"; fail "the second of two runs at once: exit $RC2"; }
# Each took a state directory of its own, and left nothing behind once it passed.
[[ -z $(ls -d "$XDG_STATE_HOME"/obsctl/run-* 2>/dev/null) ]] || fail "a passed run left its state directory"
pass "two run --local-stack --no-node-exporter at once: both passed"
