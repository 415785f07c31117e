#!/usr/bin/env bash
# A scenario mistake the preflight can see is said before any traffic, as a scenario error
# (exit 2) with a did-you-mean: a misspelt receiver (`oncal`) against the shipped routing tree.
# Against a running stack: within 10 s, and demoapp never saw the scenario's requests. With
# --local-stack: the same verdict right after the stack is up.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"

sed 's/receiver: oncall/receiver: oncal/' "$ROOT/scenarios/errors.yaml" >"$WORK/misspelt.yaml"
grep -q "receiver: oncal}" "$WORK/misspelt.yaml" || fail "the scenario's receiver was not rewritten"
DID_YOU_MEAN='preflight: route HighErrorRate: no receiver named oncal in Alertmanager.s configuration; did you mean oncall\?'

start_plain_stack
started=$SECONDS
obsctl_run running run "$WORK/misspelt.yaml" --prometheus "http://127.0.0.1:$PROM_PORT" \
  --alertmanager "http://127.0.0.1:$AM_PORT" --target "http://127.0.0.1:$APP_PORT" \
  --time-scale 0.1 --webhook-listen "127.0.0.1:$HOOK_PORT"
took=$((SECONDS - started))
expect_rc 2 "a misspelt receiver is the scenario's mistake"
expect_out "$DID_YOU_MEAN" "the error names the receiver and the closest one"
expect_out 'FAIL  route HighErrorRate' "the preflight table shows the failed route line"
[[ $took -le 10 ]] || fail "took ${took}s to say so, more than 10 s"
errors_sent=$(curl -sf "http://127.0.0.1:$APP_PORT/metrics" |
  awk '/^http_requests_total\{/ && /endpoint="\/api\/error"/ { s += $NF } END { print s + 0 }')
[[ $errors_sent -eq 0 ]] || fail "demoapp answered $errors_sent requests to /api/error: traffic was sent"
pass "against a running stack: exit 2 in ${took}s, no request of the scenario sent"

obsctl_run local run "$WORK/misspelt.yaml" --local-stack --no-node-exporter --time-scale 0.1
expect_rc 2 "with --local-stack too"
expect_out "$DID_YOU_MEAN" "with --local-stack, the did-you-mean"
! grep -q "errors against" "$OUT" || { cat "$OUT"; fail "traffic started"; }
pass "with --local-stack: exit 2 before any traffic"
