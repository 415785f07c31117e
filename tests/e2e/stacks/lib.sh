# Shared by the other-stack e2e tests: real programs on free loopback ports in a temp dir,
# every one stopped on exit. Sourced with OBSCTL, DEMOAPP and SOURCE_DIR set by ctest.
set -euo pipefail

WORK=$(mktemp -d "${TMPDIR:-/tmp}/obsctl-e2e-XXXXXX")
export XDG_STATE_HOME="$WORK/state"  # obsctl's own state, apart from any other test's
PIDS=()
cleanup() {
  local code=$?
  for pid in "${PIDS[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $code -ne 0 ]]; then
    echo "--- logs ($WORK) ---"
    for f in "$WORK"/*.log; do [[ -f "$f" ]] && { echo "== $f"; tail -20 "$f"; }; done
  fi
  rm -rf "$WORK"
  exit $code
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# A free loopback port (the kernel picks; a bound-then-closed port is free at once), never one
# this test was given before: the kernel may pick the same port again once it is closed.
free_port() {
  local p
  while :; do
    p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    grep -qx "$p" "$WORK/ports" 2>/dev/null || { echo "$p" >>"$WORK/ports"; echo "$p"; return; }
  done
}

# start NAME CMD...: runs CMD in the background, output in $WORK/NAME.log; sets LAST_PID.
start() {
  local name=$1; shift
  "$@" >"$WORK/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

# wait_for SECONDS CMD...: until CMD succeeds.
wait_for() {
  local seconds=$1; shift
  local until=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [[ $SECONDS -lt $until ]] || fail "timed out after ${seconds}s waiting for: $*"
    sleep 0.2
  done
}

# The shipped stack rendered for these ports at time scale 0.1 into $WORK/stack.
render_stack() {
  APP_PORT=$(free_port); PROM_PORT=$(free_port); AM_PORT=$(free_port); HOOK_PORT=$(free_port)
  "$OBSCTL" stack render --no-node-exporter --out "$WORK/stack" --time-scale 0.1 --app-port "$APP_PORT" \
    --prometheus-port "$PROM_PORT" --alertmanager-port "$AM_PORT" --webhook-port "$HOOK_PORT" \
    --obsctl-port 0 >/dev/null 2>&1
}

start_demoapp() {
  start demoapp "$DEMOAPP" --listen "127.0.0.1:$APP_PORT"
  wait_for 10 curl -sf "http://127.0.0.1:$APP_PORT/health"
}

# start_alertmanager [EXTRA ARGS...]
start_alertmanager() {
  start alertmanager prometheus-alertmanager --config.file="$WORK/stack/alertmanager.yml" \
    --storage.path="$WORK/am-data" --web.listen-address="127.0.0.1:$AM_PORT" \
    --cluster.listen-address= "$@"
  AM_PID=$LAST_PID
}

# start_prometheus [EXTRA ARGS...]
start_prometheus() {
  start prometheus prometheus --config.file="$WORK/stack/prometheus.yml" \
    --storage.tsdb.path="$WORK/prom-data" --web.listen-address="127.0.0.1:$PROM_PORT" \
    --rules.alert.resend-delay=1s "$@"
  PROM_PID=$LAST_PID
}

# until_up CURL_ARGS... URL: Prometheus has scraped demoapp (up == 1), not only /-/ready.
until_up() {
  wait_for 30 sh -c "curl -sf $* --data-urlencode 'query=up{job=\"demoapp\"}' | grep -q '\"1\"\\]'"
}

# obsctl_run NAME ARGS...: runs obsctl, output in $WORK/NAME.out, exit code in RC.
obsctl_run() {
  local name=$1; shift
  set +e
  "$OBSCTL" "$@" >"$WORK/$name.out" 2>&1
  RC=$?
  set -e
  OUT="$WORK/$name.out"
}

expect_rc() {
  [[ $RC -eq $1 ]] || { cat "$OUT"; fail "$2: exit $RC, expected $1"; }
}

# expect_report_passed REPORT.json: the report's verdict is PASSED and quiet passed in it.
expect_report_passed() {
  python3 - "$1" <<'PY' || fail "the report $1"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["verdict"]["word"] == "PASSED", doc["verdict"]
assert doc["verification"]["quiet"]["outcome"] == "passed", doc["verification"]["quiet"]
PY
}

expect_out() {
  grep -qE -- "$1" "$OUT" || { cat "$OUT"; fail "$2: output lacks /$1/"; }
}

# The shipped stack, time scale 0.1, plain HTTP: rendered, started and scraped.
start_plain_stack() {
  render_stack
  start_demoapp
  start_alertmanager
  start_prometheus
  wait_for 20 curl -sf "http://127.0.0.1:$AM_PORT/-/ready"
  until_up "http://127.0.0.1:$PROM_PORT/api/v1/query"
}

# obsctl_background ARGS...: obsctl in the background (output in $WORK/run.out = OUT, pid in
# RUN), returning once its preflight has passed and traffic is about to start.
obsctl_background() {
  "$OBSCTL" "$@" >"$WORK/run.out" 2>&1 &
  RUN=$!
  PIDS+=("$RUN")
  OUT="$WORK/run.out"
  wait_for 60 grep -qE "expected alerts inactive  |silence .* created" "$OUT"
}

# run_stack_port NAME: a port of the stack `obsctl run --local-stack` started (app, prometheus,
# alertmanager), from its state file (in the fresh run-* directory it took).
run_stack_port() {
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ports"][sys.argv[2]])' \
    "$(ls -d "$XDG_STATE_HOME"/obsctl/run-*/stack.json | head -1)" "$1"
}

# app_requests_at_least N [PORT]: the demoapp on PORT (default: the run's local stack's) has
# answered at least N requests: the traffic flows.
app_requests_at_least() {
  curl -sf "http://127.0.0.1:${2:-$(run_stack_port app)}/metrics" |
    awk -v n="$1" '/^http_requests_total\{/ { s += $NF } END { exit !(s >= n) }'
}

# alert_firing NAME: the run's Prometheus has the alert firing.
alert_firing() {
  curl -sf "http://127.0.0.1:$(run_stack_port prometheus)/api/v1/alerts" |
    python3 -c 'import json, sys; a = json.load(sys.stdin)["data"]["alerts"]
sys.exit(0 if any(x["labels"]["alertname"] == sys.argv[1] and x["state"] == "firing" for x in a) else 1)' "$1"
}
