#!/usr/bin/env bash
# A verdict never blames an alert for a broken stack. MODE=kill: Prometheus killed during the
# errors scenario's traffic gives exit 3, the unreachable span in the verdict, and the reports
# written. MODE=stop: Prometheus stopped (SIGSTOP) for 5 s and continued gives normal verdicts.
source "$(dirname "$0")/lib.sh"
MODE=${1:?kill or stop}

obsctl_background run errors --local-stack --no-node-exporter --time-scale 0.1 --report "$WORK/run.json" \
  --junit "$WORK/run.xml"
# Into the traffic: about 6 s of the errors scenario (warmup 5/s for 3 s, then the burst).
wait_for 60 app_requests_at_least 60
PROM=$(pgrep -f "prometheus --config.file=$XDG_STATE_HOME" | head -1)
[[ -n "$PROM" ]] || fail "the local stack's Prometheus was not found"
if [[ $MODE == kill ]]; then
  kill -9 "$PROM"
else
  kill -STOP "$PROM"; sleep 5; kill -CONT "$PROM"
fi
set +e; wait "$RUN"; RC=$?; set -e

if [[ $MODE == kill ]]; then
  expect_rc 3 "Prometheus killed"
  expect_out "INCONCLUSIVE  fire HighErrorRate|PASS  fire HighErrorRate" "fire"
  expect_out "inconclusive: Prometheus unreachable from \+[0-9.]+s to the end" "the span"
  expect_out "errors: INCONCLUSIVE" "verdict line"
  grep -q "never fired" "$OUT" && ! grep -q "INCONCLUSIVE  fire" "$OUT" && fail "an alert was blamed"
  python3 - "$WORK/run.json" <<'PY' || fail "the JSON report does not say inconclusive"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["inconclusive"] is True and doc["passed"] is False, doc.get("inconclusive")
PY
  grep -q '<error message=' "$WORK/run.xml" || fail "JUnit has no <error> for the inconclusive checks"
  pass "Prometheus killed: exit 3, the span named, reports written"
else
  expect_rc 0 "Prometheus stopped for 5 s"
  expect_out "errors: PASS" "Prometheus stopped for 5 s"
  expect_out "note  Prometheus unreachable from" "the outage is reported"
  expect_out "PASS  quiet: no unexpected alert fired" "quiet, backfilled from ALERTS"
  pass "Prometheus stopped for 5 s and continued: normal verdicts"
fi
