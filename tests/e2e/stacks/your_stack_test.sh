#!/usr/bin/env bash
# A user's own stack: their rule files (an alert over a recording rule), their alertmanager.yml
# with Slack and email receivers, their prometheus.yml, and an app that is not demoapp (a second
# Prometheus, whose prometheus_http_requests_total{code="400"} moves when it is sent malformed
# queries). The expected alert fires, routes to the Slack receiver by name and resolves; the
# real integrations (a listener standing in for Slack and the SMTP server) are never contacted;
# no secret of the configs reaches the state directory or the output.
#   own:     the files this test writes
#   example: examples/your-stack as docs/your-rules.md runs it
source "$(dirname "$0")/lib.sh"
EXAMPLE="$(cd "$(dirname "$0")/../../../examples/your-stack" && pwd)"

APP_PORT=$(free_port); SLACK_PORT=$(free_port); SMTP_PORT=$(free_port)
start app prometheus --config.file="$EXAMPLE/app-prometheus.yml" \
  --storage.tsdb.path="$WORK/app-data" --web.listen-address="127.0.0.1:$APP_PORT"
wait_for 20 curl -sf "http://127.0.0.1:$APP_PORT/-/ready"
# Anything that connects to the stand-ins for Slack and SMTP is written down.
start listener python3 -c '
import socket, sys, threading
def serve(port):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen()
    while True:
        c, _ = s.accept()
        with open(sys.argv[1], "a") as log: log.write("connection on %d\n" % port)
        c.close()
for p in sys.argv[2:]: threading.Thread(target=serve, args=(int(p),), daemon=True).start()
threading.Event().wait()' "$WORK/contacted" "$SLACK_PORT" "$SMTP_PORT"
wait_for 10 python3 -c "import socket; socket.create_connection(('127.0.0.1', $SLACK_PORT)).close()"
rm -f "$WORK/contacted"  # that probe was ours

SECRETS=(slack-SECRET-1f3a smtp-SECRET-9c2e pd-SECRET-77b0 scrape-SECRET-4d1c)
if [[ ${1:-own} == own ]]; then
  mkdir -p "$WORK/mine/rules"
  cat >"$WORK/mine/rules/recording.yml" <<YAML
groups:
  - name: recording
    rules:
      - record: job_team:bad_queries:rate1m
        expr: sum by (job, team) (rate(prometheus_http_requests_total{handler="/api/v1/query", code="400"}[1m]))
YAML
  cat >"$WORK/mine/rules/alerts.yml" <<YAML
groups:
  - name: alerts
    rules:
      - alert: BadQueries
        expr: job_team:bad_queries:rate1m > 2
        for: 1m
        labels: {severity: critical}
      - alert: AppDown
        expr: up{job="api"} == 0
        for: 1m
        labels: {severity: critical}
YAML
  cat >"$WORK/mine/alertmanager.yml" <<YAML
global:
  slack_api_url: http://127.0.0.1:$SLACK_PORT/services/${SECRETS[0]}
  smtp_smarthost: 127.0.0.1:$SMTP_PORT
  smtp_from: alerts@example.com
  smtp_auth_username: alerts
  smtp_auth_password: ${SECRETS[1]}
  smtp_require_tls: false
route:
  receiver: email
  group_by: [alertname]
  group_wait: 30s
  group_interval: 2m
  routes:
    - receiver: slack-oncall
      matchers: ['severity="critical"', 'team="payments"']
receivers:
  - name: email
    email_configs: [{to: oncall@example.com, send_resolved: true}]
  - name: slack-oncall
    slack_configs: [{channel: '#payments', send_resolved: true}]
    pagerduty_configs: [{routing_key: ${SECRETS[2]}, url: http://127.0.0.1:$SLACK_PORT/pd}]
YAML
  cat >"$WORK/mine/prometheus.yml" <<YAML
global:
  scrape_interval: 30s
  external_labels: {cluster: ci}
scrape_configs:
  - job_name: api
    basic_auth: {username: scraper, password: ${SECRETS[3]}}
    static_configs: [{targets: ['api.internal:8080']}]
    relabel_configs: [{target_label: team, replacement: payments}]
  - job_name: pods
    kubernetes_sd_configs: [{role: pod}]
YAML
  cat >"$WORK/mine/scenario.yaml" <<YAML
name: bad-queries
description: Malformed queries, 8 a second.
target: http://127.0.0.1:$APP_PORT
seed: 5
requests:
  - {name: good, path: "/api/v1/query?query=up", weight: 1}
  - {name: bad, path: "/api/v1/query?query=sum(", weight: 4}
phases:
  - {name: bad, duration: 3m, rate: 10}
expect:
  fire:
    - {alert: BadQueries, labels: {team: payments}, receiver: slack-oncall}
YAML
  obsctl_run own run "$WORK/mine/scenario.yaml" --local-stack --no-node-exporter --time-scale 0.1 \
    --rules "$WORK/mine/rules/*.yml" --alertmanager-config "$WORK/mine/alertmanager.yml" \
    --prometheus-config "$WORK/mine/prometheus.yml" --scrape "api=127.0.0.1:$APP_PORT" \
    --report "$WORK/report.json" --junit "$WORK/junit.xml" --state-dir "$XDG_STATE_HOME/obsctl/run"
  ALERT=BadQueries
  expect_out "scrape job pods left out: it uses kubernetes_sd_configs, which cannot work locally" \
    "the service-discovery job named as left out"
else
  # docs/your-rules.md's commands, the app on a free port instead of 9191, and a --state-dir so the
  # rendered configs outlive the run (a passed run removes the fresh one it would take).
  obsctl_run example run "$EXAMPLE/bad-queries.yaml" --target "http://127.0.0.1:$APP_PORT" \
    --local-stack --time-scale 0.1 --rules "$EXAMPLE/rules/*.yml" \
    --alertmanager-config "$EXAMPLE/alertmanager.yml" --scrape "api=127.0.0.1:$APP_PORT" \
    --report "$WORK/report.json" --junit "$WORK/junit.xml" --state-dir "$XDG_STATE_HOME/obsctl/run"
  ALERT=APIBadQueries
  SECRETS=(XXXXXXXXXXXXXXXXXXXXXXXX example-password-not-real)
fi

expect_rc 0 "the user's alert"
expect_out "prometheus ready after .* \(api scraped, up == 1\)" "the user's app scraped"
expect_out "PASS  fire $ALERT" "fired"
expect_out "PASS  route $ALERT -> slack-oncall" "routed to the Slack receiver by name"
expect_out "PASS  resolve $ALERT" "resolved"
expect_out "PASS  quiet" "nothing else fired"
pass "$ALERT fired, reached slack-oncall, resolved"

[[ ! -s "$WORK/contacted" ]] || { cat "$WORK/contacted"; fail "a real integration was contacted"; }
pass "no integration contacted"

STATE="$XDG_STATE_HOME/obsctl"
RENDERED="$STATE/run/config/prometheus.yml"
[[ -f "$STATE/run/config/alertmanager.yml" ]] || fail "no rendered config in $STATE"
if [[ ${1:-own} == own ]]; then
  # The api job keeps its basic_auth, as Prometheus needs it to scrape: in the rendered
  # prometheus.yml alone, readable by its owner alone.
  grep -qF -- "${SECRETS[3]}" "$RENDERED" || fail "the api job's basic_auth was not kept"
  [[ $(stat -c %a "$RENDERED") == 600 ]] || fail "$RENDERED is mode $(stat -c %a "$RENDERED")"
fi
for secret in "${SECRETS[@]}"; do
  allowed=/nonexistent
  [[ $secret == scrape-* ]] && allowed=$RENDERED
  found=$(grep -rlF -- "$secret" "$STATE" "$OUT" "$WORK/report.json" "$WORK/junit.xml" |
    grep -vxF -- "$allowed" || true)
  [[ -z $found ]] || { echo "$found"; fail "secret $secret copied"; }
done
pass "no secret in the state directory (but the scrape job's own, in its config), the output or the reports"
