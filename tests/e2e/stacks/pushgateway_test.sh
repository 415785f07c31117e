#!/usr/bin/env bash
# Two `obsctl run --segment i/2` workers push their metrics to a real Pushgateway (Debian's
# prometheus-pushgateway) that the local stack's Prometheus scrapes (--scrape); one `obsctl
# verify` with both workers' reports judges the alerts for both: HighErrorRate fires, routes and
# resolves, and the scenario's queries find demoapp's counter equal to what the workers pushed.
source "$(dirname "$0")/lib.sh"
SCENARIO="$(dirname "$0")/../pushgateway.yaml"

PG_PORT=$(free_port)
# Debian's build persists pushed groups to a file of its own by default: a fresh one here.
start pushgateway prometheus-pushgateway --web.listen-address="127.0.0.1:$PG_PORT" \
  --persistence.file="$WORK/pushgateway.data"
wait_for 20 curl -sf "http://127.0.0.1:$PG_PORT/-/ready"

STACK="$WORK/stack"
obsctl_run up stack up --detach --no-node-exporter --state-dir "$STACK" --time-scale 0.1 --app-port 0 \
  --prometheus-port 0 --alertmanager-port 0 --webhook-port 0 --obsctl-port 0 \
  --scrape "pushgateway=127.0.0.1:$PG_PORT"
expect_rc 0 "stack up"
expect_out "demoapp, pushgateway scraped, up == 1" "the Pushgateway scraped with the app"
stack_port() {
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ports"][sys.argv[2]])' "$STACK/stack.json" "$1"
}
# Stops the detached stack too; cleanup sees the script's exit status, not stack down's.
trap 'rc=$?; set +e; "$OBSCTL" stack down --state-dir "$STACK" >/dev/null 2>&1; (exit $rc); cleanup' EXIT
APP="http://127.0.0.1:$(stack_port app)"
mkdir -p "$WORK/reports"

"$OBSCTL" verify "$SCENARIO" --time-scale 0.1 --target "$APP" \
  --prometheus "http://127.0.0.1:$(stack_port prometheus)" \
  --alertmanager "http://127.0.0.1:$(stack_port alertmanager)" \
  --webhook-listen "127.0.0.1:$(stack_port webhook)" --client-report "$WORK/reports" \
  --junit "$WORK/verify.xml" >"$WORK/verify.out" 2>&1 &
VERIFY=$!
PIDS+=("$VERIFY")
wait_for 60 grep -q "watching from now" "$WORK/verify.out"

START=$(python3 -c 'import time; print(f"{time.time() + 3:.3f}")')
for i in 0 1; do
  "$OBSCTL" run "$SCENARIO" --segment "$i/2" --start-at "$START" --time-scale 0.1 \
    --target "$APP" --metrics-push "http://127.0.0.1:$PG_PORT" \
    --report "$WORK/reports/seg-$i.json" -q >"$WORK/seg-$i.out" 2>&1 &
  PIDS+=($!)
done
for pid in "${PIDS[@]: -2}"; do wait "$pid" || { cat "$WORK"/seg-*.out; fail "a worker failed"; }; done
pass "two workers sent their segments and pushed their metrics"

set +e; wait "$VERIFY"; RC=$?; set -e
OUT="$WORK/verify.out"
expect_rc 0 "verify of both segments"
expect_out "PASS  fire HighErrorRate" "HighErrorRate fired"
expect_out "PASS  route HighErrorRate -> oncall" "routed"
expect_out "PASS  resolve HighErrorRate" "resolved"
expect_out 'PASS  query sum\(http_requests_total\{job="demoapp", endpoint="/api/error"\}\) - sum\(obsctl_requests_total\{request="error"\}\)' \
  "demoapp's counter equals what the workers pushed"
expect_out "PASS  query count\(count by \(exported_instance\)" "both workers' groups"
expect_out 'PASS  query sum\(obsctl_requests_total\{request="error"\}\) = ([0-9]+); obsctl counted \1 answered error' \
  "the pushed count matches the workers' reports"
pass "one verify judged both segments: fired, routed, resolved, counters equal"
