#!/usr/bin/env bash
# A disk rule of the test's own on a scenario's synthetic series, on the real Prometheus and
# Alertmanager of a time-scaled local stack (0.1: one value every 6 s): the alert is pending
# when the series drops under 20% (within a scrape and an evaluation of step 4), fires `for`
# later, routes to the team and resolves when the series is freed at step 11. promtool, given the
# same series in the same notation (disk_test.yml), agrees at every step.
source "$(dirname "$0")/lib.sh"
HERE="$(cd "$(dirname "$0")/series" && pwd)"

promtool test rules "$HERE/disk_test.yml" >"$WORK/promtool.out" 2>&1 ||
  { cat "$WORK/promtool.out"; fail "promtool disagrees with the series"; }
pass "promtool: pending at 4m, firing from 5m to 10m, gone at 11m"

obsctl_run disk run "$HERE/disk.yaml" --local-stack --time-scale 0.1 --no-node-exporter \
  --rules "$HERE/disk.yml" --report "$WORK/disk.json"
expect_rc 0 "the disk scenario"
expect_out "ok    series DataDiskAlmostFull +node_filesystem_avail_bytes, node_filesystem_size_bytes: served by the scenario" \
  "the preflight knows the scenario serves the rule's series"
expect_out "PASS  route DataDiskAlmostFull -> team" "routed"
python3 - "$WORK/disk.json" <<'PY' || fail "the alert's timeline against the series' steps"
import json, sys
doc = json.load(open(sys.argv[1]))
a = doc["verification"]["alerts"][0]
step, scrape, evaluation = 6000, 1000, 1000
pending, firing, resolved = a["pending_ms"], a["firing_ms"], a["resolved_ms"]
# Step 4 (24 s): seen by the next scrape, then the next evaluation; the poll adds up to 1 s.
assert 4 * step <= pending <= 4 * step + scrape + evaluation + 1000, a
# `for: 1m` is 6 s: firing at step 5, as promtool says.
assert 5 * step <= firing <= 5 * step + scrape + evaluation + 1000, a
# Freed at step 11 (66 s): resolved within a scrape, an evaluation and a poll, as promtool's 11m.
assert 11 * step <= resolved <= 11 * step + scrape + evaluation + 1000, a
print(f"pending +{pending} ms, firing +{firing} ms, resolved +{resolved} ms")
PY
pass "obsctl: pending at step 4, firing at step 5, resolved at step 11, as promtool"
