#!/usr/bin/env bash
# The stack's own inhibit rule, live and unattended: the bundled `outage` scenario sends errors
# until HighErrorRate fires, then its action stops demoapp for the outage phase; ApplicationDown
# fires, and Alertmanager must suppress HighErrorRate (status.inhibitedBy) while it does, with
# no firing notification of HighErrorRate after ApplicationDown fired. The action starts
# demoapp again at the phase's end, and everything resolves: exit 0.
source "$(dirname "$0")/lib.sh"

obsctl_run outage run outage --local-stack --time-scale 0.1 --no-node-exporter \
  --report "$WORK/run.json"
expect_rc 0 "outage"
expect_out "PASS  fire HighErrorRate" "HighErrorRate fired first"
expect_out "PASS  inhibited HighErrorRate by ApplicationDown +suppressed in Alertmanager" "inhibition"
expect_out "PASS  fire ApplicationDown +firing .*from outage's start" "ApplicationDown, from the outage"
expect_out "PASS  route ApplicationDown -> oncall" "ApplicationDown routed"
expect_out "PASS  resolve ApplicationDown +resolved .* after outage ended" "resolved once started"
expect_out "PASS  resolve HighErrorRate" "HighErrorRate resolved"
expect_out "outage: PASS" "verdict"
python3 - "$WORK/run.json" <<'PY' || fail "the report's actions"
import json, sys
doc = json.load(open(sys.argv[1]))
acts = [(a["phase"], a["text"], a["ok"], a["undo"]) for a in doc["actions"]]
assert acts == [("outage", "stop demoapp", True, False), ("outage", "start demoapp", True, False)], acts
# errors lasts 18 s at 0.1, outage 18 s: stopped at +18 s, started at +36 s.
at = [a["at_ms"] for a in doc["actions"]]
assert 17500 <= at[0] <= 19500 and 35500 <= at[1] <= 38000, at
PY
sed -n '/^alerts (times/,$p' "$OUT"
pass "outage unattended: ApplicationDown inhibits HighErrorRate, demoapp started again, all resolved"
