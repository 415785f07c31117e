#!/usr/bin/env bash
# The stack's own inhibit rule, live: the bundled `outage` scenario sends errors until
# HighErrorRate fires, then demoapp is killed; ApplicationDown fires, and Alertmanager must
# suppress HighErrorRate (status.inhibitedBy) while it does, with no firing notification of
# HighErrorRate after ApplicationDown fired.
source "$(dirname "$0")/lib.sh"

obsctl_background run outage --local-stack --time-scale 0.1 --report "$WORK/run.json"
# The errors phase lasts 18 s at time scale 0.1; HighErrorRate fires about 16 s in.
wait_for 60 alert_firing HighErrorRate
APP=$(pgrep -P "$RUN" -f "demoapp --listen" | head -1 || true)
[[ -n "$APP" ]] || fail "the local stack's demoapp was not found"
kill -9 "$APP"
set +e; wait "$RUN"; RC=$?; set -e
expect_rc 0 "outage"
expect_out "PASS  fire HighErrorRate" "HighErrorRate fired first"
expect_out "PASS  inhibited HighErrorRate by ApplicationDown +suppressed in Alertmanager" "inhibition"
expect_out "PASS  route ApplicationDown -> oncall" "ApplicationDown routed"
expect_out "outage: PASS" "verdict"
sed -n '/^alerts (times/,$p' "$OUT"
pass "ApplicationDown inhibits HighErrorRate on the live stack"
