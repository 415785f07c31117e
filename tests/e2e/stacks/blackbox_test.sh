#!/usr/bin/env bash
# Debian's prometheus-blackbox-exporter probing an app, scraped the way its README shows: the
# target is the URL to probe (with the team's label), relabel_configs pass it to the exporter on
# this machine. A rule from the community rules (BlackboxProbeFailed) and a routing tree on the
# target's label. The test stops the app mid-run and starts it again: the probe alert fires with
# the target's labels, reaches web-team and resolves; obsctl exits 0.
source "$(dirname "$0")/lib.sh"
command -v prometheus-blackbox-exporter >/dev/null ||
  fail "prometheus-blackbox-exporter is not installed (scripts/install-deps.sh)"

APP_PORT=$(free_port); EXPORTER_PORT=$(free_port)
URL="http://127.0.0.1:$APP_PORT/health"

cat >"$WORK/blackbox.yml" <<'YAML'
modules:
  http_2xx:
    prober: http
    timeout: 5s
YAML
start exporter prometheus-blackbox-exporter --config.file="$WORK/blackbox.yml" \
  --web.listen-address="127.0.0.1:$EXPORTER_PORT"
wait_for 20 curl -sf "http://127.0.0.1:$EXPORTER_PORT/-/healthy"
start_demoapp
APP_PID=$LAST_PID

mkdir -p "$WORK/mine"
cat >"$WORK/mine/prometheus.yml" <<YAML
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: blackbox
    metrics_path: /probe
    params:
      module: [http_2xx]
    static_configs:
      - targets: ['$URL']
        labels: {team: web}
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:$EXPORTER_PORT
YAML
# awesome-prometheus-alerts, blackbox exporter, as published.
cat >"$WORK/mine/blackbox-rules.yml" <<'YAML'
groups:
  - name: blackbox
    rules:
      - alert: BlackboxProbeFailed
        expr: probe_success == 0
        for: 0m
        labels:
          severity: critical
        annotations:
          summary: Blackbox probe failed (instance {{ $labels.instance }})
          description: "Probe failed\n  VALUE = {{ $value }}\n  LABELS = {{ $labels }}"
YAML
cat >"$WORK/mine/alertmanager.yml" <<'YAML'
route:
  receiver: default
  group_by: [alertname, instance]
  group_wait: 10s
  group_interval: 30s
  routes:
    - receiver: web-team
      matchers: ['team="web"']
receivers:
  - name: default
    webhook_configs: [{url: 'http://127.0.0.1:9/default'}]
  - name: web-team
    slack_configs: [{api_url: 'http://127.0.0.1:9/slack', channel: '#web', send_resolved: true}]
YAML
# 4m at time scale 0.1: 24 s of light traffic to the probed app.
cat >"$WORK/mine/probe.yaml" <<YAML
name: probe
description: Light traffic to the probed app, which the test stops mid-run and starts again.
target: http://127.0.0.1:$APP_PORT
seed: 3
requests:
  - {name: health, path: /health, weight: 1}
  - {name: user, path: "/api/users/{{randint 1 100}}", weight: 1}
phases:
  - {name: steady, duration: 4m, rate: 5}
expect:
  fire:
    - alert: BlackboxProbeFailed
      labels: {team: web, instance: '$URL'}
      receiver: web-team
      within: 3m
YAML

obsctl_background run "$WORK/mine/probe.yaml" --local-stack --no-node-exporter --time-scale 0.1 --no-demoapp \
  --rules "$WORK/mine/blackbox-rules.yml" --alertmanager-config "$WORK/mine/alertmanager.yml" \
  --prometheus-config "$WORK/mine/prometheus.yml" --report "$WORK/report.json"
wait_for 30 app_requests_at_least 10 "$APP_PORT"
kill "$APP_PID"
wait "$APP_PID" 2>/dev/null || true
# Down until Prometheus has the alert firing and Alertmanager has had time to notify.
wait_for 30 alert_firing BlackboxProbeFailed
sleep 3
start_demoapp
set +e
wait "$RUN"
RC=$?
set -e

expect_rc 0 "the probe alert"
if grep -q "scrape job blackbox left out" "$OUT"; then cat "$OUT"; fail "the blackbox job was left out"; fi
expect_out "PASS  fire BlackboxProbeFailed" "fired"
expect_out "PASS  route BlackboxProbeFailed -> web-team" "routed to the team's receiver by its label"
expect_out "PASS  resolve BlackboxProbeFailed" "resolved"
expect_out "PASS  quiet" "nothing else fired"
expect_report_passed "$WORK/report.json"
python3 - "$WORK/report.json" "$URL" <<'PY' || fail "the report"
import json, sys
doc = json.load(open(sys.argv[1]))
alert = doc["verification"]["alerts"][0]
checks = {c["name"]: c["outcome"] for c in alert["checks"]}
for name in ("fire", "deliver", "route", "resolve", "deliver resolved"):
    key = next((k for k in checks if k.startswith(name + " BlackboxProbeFailed")), None)
    assert key and checks[key] == "passed", (name, checks)
# What obsctl read from Prometheus: the probe's series with the target's labels.
labels = [s["labels"] for e in alert["expression"] for s in e["series"]]
assert any(l.get("team") == "web" and l.get("instance") == sys.argv[2] and
           l.get("job") == "blackbox" for l in labels), labels
PY
pass "BlackboxProbeFailed fired with team=web and instance=$URL, reached web-team, resolved"
