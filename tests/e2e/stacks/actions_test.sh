#!/usr/bin/env bash
# Scenario actions against real processes (issue 21):
#  app:       a user's app (python3 -m http.server serving a metrics file) started by obsctl
#             (--app) and stopped by an action: the test's own `up == 0` rule fires from that
#             phase's start, routes to oncall and resolves once the app is back; exit 0.
#  interrupt: Ctrl-C while `outage` has stopped demoapp of a detached stack: obsctl starts it
#             again before it exits (130), the report says so, and demoapp answers afterwards.
source "$(dirname "$0")/lib.sh"
HERE="$(cd "$(dirname "$0")" && pwd)"

case "${1:-}" in
app)
  PORT=$(free_port)
  mkdir -p "$WORK/site"
  printf '# TYPE myapp_build_info gauge\nmyapp_build_info{version="1.0"} 1\n' >"$WORK/site/metrics"
  sed "s/127.0.0.1:8000/127.0.0.1:$PORT/" "$HERE/actions/app_down.yaml" >"$WORK/app_down.yaml"
  obsctl_run app run "$WORK/app_down.yaml" --local-stack --no-node-exporter --time-scale 0.1 --no-demoapp \
    --no-node-exporter --rules "$HERE/actions/app_down.yml" --scrape "myapp=127.0.0.1:$PORT" \
    --app "exec python3 -m http.server $PORT --bind 127.0.0.1 --directory $WORK/site" \
    --report "$WORK/app.json"
  expect_rc 0 "the user's app stopped and started by actions"
  expect_out "PASS  fire MyAppDown +firing .*from down's start" "fire counted from the down phase"
  expect_out "PASS  route MyAppDown -> oncall" "routed"
  expect_out "PASS  resolve MyAppDown +resolved .* after down ended" "resolve counted from its end"
  python3 - "$WORK/app.json" <<'PY' || fail "the report's actions"
import json, sys
doc = json.load(open(sys.argv[1]))
acts = [(a["phase"], a["text"], a["ok"]) for a in doc["actions"]]
cmd = [t for _, t, _ in acts][0]
assert cmd.startswith("stop app (exec python3 -m http.server"), acts
assert [(p, t.split(" ")[0], ok) for p, t, ok in acts] == [("down", "stop", True), ("down", "start", True)], acts
# 1m + 2m + 1m at 0.1: the stop at +6 s, the start at +18 s.
at = [a["at_ms"] for a in doc["actions"]]
assert 5500 <= at[0] <= 7500 and 17500 <= at[1] <= 19500, at
PY
  pass "--app: stopped at the down phase's start, MyAppDown fired, routed, resolved after it"
  ;;
interrupt)
  STATE="$WORK/detached"
  APP_PORT=$(free_port)
  obsctl_run up stack up --detach --no-node-exporter --time-scale 0.1 --state-dir "$STATE" --app-port "$APP_PORT" \
    --obsctl-port 0 --no-node-exporter
  expect_rc 0 "stack up --detach --no-node-exporter"
  stop_detached() { "$OBSCTL" stack down --state-dir "$STATE" >/dev/null 2>&1 || true; }
  trap 'rc=$?; set +e; stop_detached; (exit $rc); cleanup' EXIT
  # outage at 0.1: errors for 18 s, then demoapp is stopped for the outage phase.
  "$OBSCTL" run outage --state-dir "$STATE" --report "$WORK/outage.json" >"$WORK/outage.out" 2>&1 &
  RUN=$!; PIDS+=("$RUN")
  wait_for 60 sh -c "! curl -sf http://127.0.0.1:$APP_PORT/health"
  sleep 2
  kill -INT "$RUN"
  set +e; wait "$RUN"; RC=$?; set -e
  OUT="$WORK/outage.out"
  expect_rc 130 "Ctrl-C during the outage"
  curl -sf "http://127.0.0.1:$APP_PORT/health" >/dev/null || { cat "$OUT"; fail "demoapp is down after the interrupted run"; }
  python3 - "$WORK/outage.json" <<'PY' || fail "the interrupted run's report"
import json, sys
doc = json.load(open(sys.argv[1]))
acts = [(a["text"], a["ok"], a["undo"]) for a in doc["actions"]]
assert acts == [("stop demoapp", True, False), ("start demoapp (undo)", True, True)], acts
assert doc["interrupted"] is True
PY
  "$OBSCTL" stack status --state-dir "$STATE" >"$WORK/status.out" 2>&1 || { cat "$WORK/status.out"; fail "stack status after the run"; }
  pass "Ctrl-C while an action had stopped demoapp: started again, exit 130, the report says so"
  ;;
*)
  fail "usage: actions_test.sh app|interrupt"
  ;;
esac
