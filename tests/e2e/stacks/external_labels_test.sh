#!/usr/bin/env bash
# A user's prometheus.yml with external_labels (cluster: eu1, region: west) and
# alert_relabel_configs (severity critical becomes page as alerts are sent), an expectation naming
# what Alertmanager gets and a routing tree matching on it. Prometheus's own API shows the alert
# as its rule labels it, Alertmanager and the webhook as sent: obsctl matches both sides as the
# stack sees them, so HighErrorRate fires, routes to eu-oncall (not to oncall, which takes
# severity="critical") and resolves, and quiet passes (exit 0).
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"

cat >"$WORK/prometheus.yml" <<'YAML'
global:
  scrape_interval: 15s
  external_labels:
    cluster: eu1
    region: west
alerting:
  alert_relabel_configs:
    - source_labels: [severity]
      regex: critical
      target_label: severity
      replacement: page
scrape_configs:
  - job_name: demoapp
    static_configs:
      - targets: ['demoapp:5002']
YAML
cat >"$WORK/alertmanager.yml" <<'YAML'
route:
  receiver: default
  group_by: [alertname, cluster]
  group_wait: 10s
  group_interval: 1m
  routes:
    - receiver: eu-oncall
      matchers: ['cluster="eu1"', 'severity="page"']
    - receiver: oncall
      matchers: ['severity="critical"']
receivers:
  - name: default
    webhook_configs: [{url: 'http://127.0.0.1:9/default'}]
  - name: eu-oncall
    webhook_configs: [{url: 'http://127.0.0.1:9/eu', send_resolved: true}]
  - name: oncall
    webhook_configs: [{url: 'http://127.0.0.1:9/oncall'}]
YAML
sed 's/labels: {severity: critical}, receiver: oncall/labels: {severity: page, cluster: eu1}, receiver: eu-oncall/' \
  "$ROOT/scenarios/errors.yaml" >"$WORK/errors.yaml"
grep -q "severity: page, cluster: eu1}, receiver: eu-oncall" "$WORK/errors.yaml" || fail "the scenario was not rewritten"

obsctl_run external run "$WORK/errors.yaml" --local-stack --no-node-exporter --time-scale 0.1 \
  --prometheus-config "$WORK/prometheus.yml" --alertmanager-config "$WORK/alertmanager.yml" \
  --report "$WORK/run.json"
expect_rc 0 "an expectation naming an external label and a relabelled one"
expect_out "alert relabelling.*1 alert_relabel_configs" "the preflight reads the alert relabelling"
expect_out "PASS  fire HighErrorRate" "fire matches the Prometheus side with the external and relabelled labels"
expect_out "PASS  route HighErrorRate -> eu-oncall" "the route matching on the external label and the relabelled severity"
expect_out "PASS  quiet" "quiet: the expected alert is no intruder"
expect_report_passed "$WORK/run.json"
pass "external labels and alert relabelling: fired, routed on cluster=eu1, severity=page to eu-oncall, resolved, quiet passed"
