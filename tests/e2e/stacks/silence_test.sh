#!/usr/bin/env bash
# expect.silence: obsctl creates the silence for the run, HighErrorRate fires in Prometheus
# but Alertmanager holds it back (status.silencedBy, no notification at the webhook), and the
# silence is gone afterwards: after a passing run, and after Ctrl-C mid-run.
source "$(dirname "$0")/lib.sh"
SCENARIO="$(dirname "$0")/../silenced.yaml"

start_plain_stack
STACK=(--prometheus "http://127.0.0.1:$PROM_PORT" --alertmanager "http://127.0.0.1:$AM_PORT"
       --target "http://127.0.0.1:$APP_PORT" --time-scale 0.1 --webhook-listen "127.0.0.1:$HOOK_PORT")
active_silences() {
  curl -sf "http://127.0.0.1:$AM_PORT/api/v2/silences" |
    python3 -c 'import json,sys; print(sum(s["status"]["state"] != "expired" for s in json.load(sys.stdin)))'
}

obsctl_run silenced run "$SCENARIO" "${STACK[@]}"
expect_rc 0 "silenced"
expect_out "ok    silence [0-9a-f-]+ +created for the run" "silence created"
expect_out "PASS  fire HighErrorRate" "HighErrorRate fired in Prometheus"
expect_out "PASS  silenced HighErrorRate +suppressed in Alertmanager \(silencedBy\)" "silenced"
expect_out "silenced: PASS" "verdict"
[[ $(active_silences) -eq 0 ]] || fail "the run's silence is still active"
pass "HighErrorRate silenced for the run, the silence deleted afterwards"

# Ctrl-C during the traffic: the reports are written and the silence is deleted all the same.
obsctl_background run "$SCENARIO" "${STACK[@]}" --report "$WORK/int.json"
wait_for 30 grep -q "silence .* created" "$OUT"
[[ $(active_silences) -eq 1 ]] || fail "no active silence during the run"
wait_for 30 app_requests_at_least 20 "$APP_PORT"
kill -INT "$RUN"
set +e; wait "$RUN"; RC=$?; set -e
expect_rc 130 "Ctrl-C"
[[ -f "$WORK/int.json" ]] || fail "no report after Ctrl-C"
[[ $(active_silences) -eq 0 ]] || fail "the silence outlived Ctrl-C"
pass "Ctrl-C: exit 130, the report written, the silence deleted"
