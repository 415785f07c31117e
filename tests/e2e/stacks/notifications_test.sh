#!/usr/bin/env bash
# What the on-call person reads, captured from the real Alertmanager's own integrations on the
# local stack: a user's alertmanager.yml with Slack and PagerDuty for oncall, email for team,
# its templates, secrets and proxies; every original endpoint is a trap that must receive
# nothing, and no secret may appear in any output.
#   good:   the Slack message holds the percentage $value rendered; the PagerDuty event and the
#           email are captured with their fields; every check passes.
#   broken: a Slack text calling a template without its data (<no value>) fails `template`
#           naming slack[0] text; an email subject
#           that cannot render fails `deliver` with Alertmanager's own error.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
case=${1:-good}

TRAP_HTTP=$(free_port) TRAP_SMTP=$(free_port)
start trap python3 "$ROOT/tests/e2e/stacks/trap.py" "$TRAP_HTTP" "$TRAP_SMTP" "$WORK/trap.log"
wait_for 10 sh -c "curl -s -o /dev/null http://127.0.0.1:$TRAP_HTTP/ready"
: >"$WORK/trap.log"  # the readiness probe

mkdir -p "$WORK/am/templates" "$WORK/rules"
cp "$ROOT/stack/alertmanager/templates/obsctl.tmpl" "$WORK/am/templates/"
cp "$ROOT/stack/prometheus/rules/demoapp.yml" "$WORK/rules/"
cat >"$WORK/rules/notice.yml" <<'YAML'
groups:
  - name: notice
    rules:
      - alert: ErrorsNoticed
        expr: sum by (job) (rate(http_requests_total{job="demoapp",status=~"5.."}[1m])) > 0
        for: 10s
        labels: {severity: warning}
        annotations:
          summary: '{{ $labels.job }} answers 5xx'
          description: '{{ $value | humanize }} errors/s'
          runbook: stack/RUNBOOKS.md#higherrorrate
YAML

slack_text='{{ template "obsctl.slack.text" . }}'
subject='{{ template "obsctl.email.subject" . }}'
if [[ $case == broken ]]; then
  # The usual slips: a template called without its data (`.`), which renders <no value>, and
  # one that does not exist, which Alertmanager cannot render at all.
  printf '{{ define "test.owner" }}{{ .CommonLabels.owner }}{{ end }}\n' >"$WORK/am/templates/test.tmpl"
  slack_text='{{ template "obsctl.slack.text" . }}Owner: {{ template "test.owner" }}'
  subject='{{ template "obsctl.nope" . }}'
fi
cat >"$WORK/am/alertmanager.yml" <<YAML
global:
  resolve_timeout: 5m
  slack_api_url: http://127.0.0.1:$TRAP_HTTP/slack-global
  smtp_smarthost: 127.0.0.1:$TRAP_SMTP
  smtp_from: alertmanager@example.org
  smtp_auth_username: am
  smtp_auth_password: s3cr3t-smtp-pass
  http_config:
    proxy_url: http://127.0.0.1:$TRAP_HTTP/proxy
templates: [templates/*.tmpl]
route:
  receiver: default
  group_by: [alertname, job]
  group_wait: 10s
  group_interval: 1m
  repeat_interval: 4h
  routes:
    - {receiver: oncall, matchers: ['severity="critical"']}
    - {receiver: team, matchers: ['severity="warning"']}
receivers:
  - name: default
  - name: oncall
    slack_configs:
      - channel: '#oncall'
        send_resolved: true
        title: '{{ template "obsctl.title" . }}'
        text: '$slack_text'
    pagerduty_configs:
      - routing_key: pd-secret-routing-key-0123
        url: http://127.0.0.1:$TRAP_HTTP/pagerduty
        description: '{{ template "obsctl.title" . }}'
  - name: team
    email_configs:
      - to: team@example.org
        headers: {Subject: '$subject'}
        text: '{{ template "obsctl.email.text" . }}'
YAML
amtool check-config "$WORK/am/alertmanager.yml" >/dev/null || fail "the test's alertmanager.yml"

sed -e 's/^name: errors/name: notify/' -e '/^expect:/,$d' "$ROOT/scenarios/errors.yaml" >"$WORK/notify.yaml"
cat >>"$WORK/notify.yaml" <<'YAML'
expect:
  fire:
    - alert: HighErrorRate
      labels: {severity: critical}
      receiver: oncall
      annotations: {description: '^\d+(\.\d+)?% of requests'}
      notification: {contains: [HighErrorRate, 'Runbook: stack/RUNBOOKS.md'], matches: '\d+(\.\d+)?% of requests'}
    - alert: ErrorsNoticed
      receiver: team
      notification: {contains: ['ErrorsNoticed (warning) on demoapp']}
YAML

obsctl_run run run "$WORK/notify.yaml" --local-stack --no-node-exporter --time-scale 0.1 \
  --rules "$WORK/rules" --alertmanager-config "$WORK/am/alertmanager.yml" \
  --report "$WORK/report.json" --junit "$WORK/junit.xml"

[[ ! -s "$WORK/trap.log" ]] || { cat "$WORK/trap.log"; fail "an original endpoint was reached"; }
pass "no original URL, smarthost or proxy received anything"
if grep -rlE 's3cr3t-smtp-pass|pd-secret-routing-key' "$WORK"/*.out "$WORK/report.json" "$WORK/junit.xml"; then
  fail "a secret of the alertmanager.yml reached an output"
fi
pass "no secret in the terminal, the report or JUnit"

if [[ $case == good ]]; then
  expect_rc 0 "every check passes"
  expect_report_passed "$WORK/report.json"
  python3 - "$WORK/report.json" <<'PY' || fail "the captured notifications in the report"
import json, re, sys
doc = json.load(open(sys.argv[1]))
alerts = {a["alert"]: a for a in doc["verification"]["alerts"]}
def fields(n): return {f["name"]: f["value"] for f in n["fields"]}
def first(alert, integration):
    found = [n for n in alerts[alert]["notifications"]
             if n["integration"] == integration and n["status"] != "resolved"]
    assert found, (alert, integration, alerts[alert]["notifications"])
    return found[0]
slack = fields(first("HighErrorRate", "slack"))
assert slack["title"].startswith("[FIRING:1] HighErrorRate on demoapp"), slack
assert re.search(r"\d+(\.\d+)?% of requests to demoapp answered 5xx", slack["text"]), slack
pd = fields(first("HighErrorRate", "pagerduty"))
assert pd["summary"].startswith("[FIRING:1] HighErrorRate on demoapp"), pd
mail = fields(first("ErrorsNoticed", "email"))
assert mail["subject"] == "[FIRING] ErrorsNoticed (warning) on demoapp", mail
assert "demoapp answers 5xx" in mail["text"] and "errors/s" in mail["text"], mail
assert mail["to"] == "team@example.org", mail
checks = {c["name"]: c for a in alerts.values() for c in a["checks"]}
for name in ["template HighErrorRate", "annotations HighErrorRate",
             "notification HighErrorRate -> oncall", "template ErrorsNoticed",
             "notification ErrorsNoticed -> team", "deliver HighErrorRate"]:
    assert checks[name]["outcome"] == "passed", checks[name]
assert "slack[0]" in checks["deliver HighErrorRate"]["detail"], checks["deliver HighErrorRate"]
PY
  pass "Slack (with the percentage \$value rendered), PagerDuty and the email captured and checked"
  # The first message that came: Slack's or PagerDuty's (Alertmanager sends them at once).
  expect_out 'notified oncall (slack|pagerduty)\[0\] \+[0-9.]+s firing' "the terminal shows the first message"
  expect_out '\| (title|summary): \[FIRING:1\] HighErrorRate on demoapp' "with its title"
  expect_out 'notified team email\[0\]' "and the email"
  grep -qE '<system-out>HighErrorRate notified oncall (slack|pagerduty)\[0\]' "$WORK/junit.xml" ||
    fail "JUnit's system-out lacks the first message"
  pass "the terminal and JUnit show what the person on call read"
else
  expect_rc 1 "broken templates fail the run"
  python3 - "$WORK/report.json" <<'PY' || fail "the broken templates' checks"
import json, sys
doc = json.load(open(sys.argv[1]))
checks = {c["name"]: c for a in doc["verification"]["alerts"] for c in a["checks"]}
t = checks["template HighErrorRate"]
assert t["outcome"] == "failed", t
assert "oncall slack[0] text holds <no value>" in t["detail"], t
d = checks["deliver ErrorsNoticed"]
assert d["outcome"] == "failed", d
assert "Alertmanager: team/email[0]" in d["detail"] and "obsctl.nope" in d["detail"], d
PY
  pass "<no value> fails template naming slack[0] text; an unrenderable subject fails deliver in Alertmanager's words"
fi
