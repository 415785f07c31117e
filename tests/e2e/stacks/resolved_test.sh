#!/usr/bin/env bash
# Alertmanager's own semantics of notifications: an alert routed to an email-only receiver
# (email_configs send no resolved notification unless told) passes with `deliver resolved`
# skipped and the reason said; one routed to a Slack receiver with send_resolved: true gets its
# resolved notification checked, and it arrives, although the receiver's name holds characters
# Alertmanager quotes in the webhook payload (`slack.team (prod)` arrives as `slack\.team
# \(prod\)`); one routed to a receiver with no integration is routed there and delivered to
# nobody: `deliver` fails saying so. The user's alertmanager.yml as written.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"

cat >"$WORK/alertmanager.yml" <<'YAML'
global:
  smtp_smarthost: 127.0.0.1:25
  smtp_from: alerts@example.com
  smtp_require_tls: false
route:
  receiver: team-mails
  group_by: [alertname]
  group_wait: 10s
  group_interval: 1m
  routes:
    - receiver: blackhole
      matchers: ['alertname="HighRequestRate"']
    - receiver: 'slack.team (prod)'
      matchers: ['severity="warning"']
receivers:
  - name: team-mails
    email_configs: [{to: team@example.com}]
  - name: blackhole
  - name: 'slack.team (prod)'
    slack_configs: [{api_url: 'http://127.0.0.1:9/slack', channel: '#team', send_resolved: true}]
YAML
sed 's/receiver: oncall/receiver: team-mails/' "$ROOT/scenarios/errors.yaml" >"$WORK/errors.yaml"
sed "s/receiver: team}/receiver: 'slack.team (prod)'}/" "$ROOT/scenarios/slow.yaml" >"$WORK/slow.yaml"
sed 's/receiver: team}/receiver: blackhole}/' "$ROOT/scenarios/load.yaml" >"$WORK/load.yaml"
grep -q "receiver: team-mails" "$WORK/errors.yaml" && grep -q "receiver: 'slack.team (prod)'" "$WORK/slow.yaml" &&
  grep -q "receiver: blackhole" "$WORK/load.yaml" || fail "the scenarios' receivers were not rewritten"

obsctl_run resolved run "$WORK/errors.yaml" "$WORK/slow.yaml" "$WORK/load.yaml" --local-stack --no-node-exporter \
  --time-scale 0.1 --alertmanager-config "$WORK/alertmanager.yml" --report "$WORK/run.json" --junit "$WORK/run.xml"
expect_rc 1 "errors and slow pass, load's alert reaches nobody"
expect_out 'SKIP  deliver resolved HighErrorRate +skipped: team-mails sends no resolved notifications: email_configs send_resolved defaults to false' \
  "the email-only receiver's resolved notification is not asked for, and the terminal says why"
expect_out 'PASS  deliver resolved HighLatency +resolved notification' \
  "the Slack receiver with send_resolved: true gets its resolved notification checked"
expect_out 'PASS  route HighLatency -> slack.team \(prod\)' "the quoted receiver name is found as written"
expect_out 'PASS  route HighRequestRate -> blackhole' "the route to the receiver with no integration"
expect_out 'FAIL  deliver HighRequestRate +routed only to blackhole, which has no integration: nobody was notified' \
  "a receiver with no integration delivers nothing"
python3 - "$WORK/run-errors.json" "$WORK/run-slow.json" "$WORK/run-load.json" <<'PY' || fail "the reports"
import json, sys
def check(path, alert):
    doc = json.load(open(path))
    checks = {c["name"]: c for a in doc["verification"]["alerts"] for c in a["checks"]}
    return doc, checks[f"deliver resolved {alert}"]
doc, c = check(sys.argv[1], "HighErrorRate")
assert c["outcome"] == "skipped" and "email_configs send_resolved defaults to false" in c["detail"], c
assert doc["verdict"]["word"] == "PASSED", doc["verdict"]
doc, c = check(sys.argv[2], "HighLatency")
assert c["outcome"] == "passed", c
assert doc["verdict"]["word"] == "PASSED", doc["verdict"]
doc = json.load(open(sys.argv[3]))
checks = {c["name"]: c for a in doc["verification"]["alerts"] for c in a["checks"]}
assert checks["route HighRequestRate -> blackhole"]["outcome"] == "passed", checks
assert checks["deliver HighRequestRate"]["outcome"] == "failed", checks
assert "no integration" in checks["deliver resolved HighRequestRate"]["detail"], checks
assert doc["verdict"]["word"] == "FAILED", doc["verdict"]
PY
pass "email-only: deliver resolved skipped with the reason; Slack with send_resolved (a quoted name): checked, passed; no integration: routed, not delivered"
