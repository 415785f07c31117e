#!/usr/bin/env bash
# Alertmanager's own semantics of resolved notifications: an alert routed to an email-only
# receiver (email_configs send no resolved notification unless told) passes with `deliver
# resolved` skipped and the reason said; one routed to a Slack receiver with send_resolved: true
# gets its resolved notification checked, and it arrives. The user's alertmanager.yml as written.
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
    - receiver: slack-team
      matchers: ['severity="warning"']
receivers:
  - name: team-mails
    email_configs: [{to: team@example.com}]
  - name: slack-team
    slack_configs: [{api_url: 'http://127.0.0.1:9/slack', channel: '#team', send_resolved: true}]
YAML
sed 's/receiver: oncall/receiver: team-mails/' "$ROOT/scenarios/errors.yaml" >"$WORK/errors.yaml"
sed 's/receiver: team}/receiver: slack-team}/' "$ROOT/scenarios/slow.yaml" >"$WORK/slow.yaml"
grep -q "receiver: team-mails" "$WORK/errors.yaml" && grep -q "receiver: slack-team" "$WORK/slow.yaml" ||
  fail "the scenarios' receivers were not rewritten"

obsctl_run resolved run "$WORK/errors.yaml" "$WORK/slow.yaml" --local-stack --no-node-exporter --time-scale 0.1 \
  --alertmanager-config "$WORK/alertmanager.yml" --report "$WORK/run.json" --junit "$WORK/run.xml"
expect_rc 0 "both scenarios pass"
expect_out 'SKIP  deliver resolved HighErrorRate +skipped: team-mails sends no resolved notifications: email_configs send_resolved defaults to false' \
  "the email-only receiver's resolved notification is not asked for, and the terminal says why"
expect_out 'PASS  deliver resolved HighLatency +resolved notification' \
  "the Slack receiver with send_resolved: true gets its resolved notification checked"
python3 - "$WORK/run-errors.json" "$WORK/run-slow.json" <<'PY' || fail "the reports"
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
PY
pass "email-only: deliver resolved skipped with the reason; Slack with send_resolved: checked, passed"
