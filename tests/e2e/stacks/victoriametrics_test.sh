#!/usr/bin/env bash
# VictoriaMetrics + vmalert + Alertmanager (Debian's packages) instead of Prometheus: the errors
# scenario's fire and resolve expectations pass with --ruler at vmalert, and again through
# VictoriaMetrics' proxy (-vmalert.proxyURL), with the true scrape interval in the preflight.
source "$(dirname "$0")/lib.sh"

render_stack
VM_PORT=$(free_port); VMALERT_PORT=$(free_port)
cat > "$WORK/scrape.yml" <<YAML
global: {scrape_interval: 1s}
scrape_configs:
  - job_name: demoapp
    static_configs: [{targets: ["127.0.0.1:$APP_PORT"]}]
YAML
start_demoapp
start_alertmanager
start victoria-metrics victoria-metrics -storageDataPath="$WORK/vm-data" \
  -httpListenAddr="127.0.0.1:$VM_PORT" -promscrape.config="$WORK/scrape.yml" \
  -vmalert.proxyURL="http://127.0.0.1:$VMALERT_PORT" -search.latencyOffset=0s
VM="http://127.0.0.1:$VM_PORT"
start vmalert vmalert -rule="$WORK/stack/rules/demoapp.yml" -datasource.url="$VM" \
  -notifier.url="http://127.0.0.1:$AM_PORT" -httpListenAddr="127.0.0.1:$VMALERT_PORT" \
  -evaluationInterval=1s -remoteWrite.url="$VM" -remoteRead.url="$VM"
VMALERT="http://127.0.0.1:$VMALERT_PORT"
wait_for 20 curl -sf "http://127.0.0.1:$AM_PORT/-/ready"
wait_for 20 curl -sf "$VMALERT/api/v1/rules"
until_up "$VM/api/v1/query"

for ruler in "$VMALERT" "$VM"; do
  obsctl_run "run-$VM_PORT-${ruler##*:}" run errors --prometheus "$VM" --ruler "$ruler" \
    --alertmanager "http://127.0.0.1:$AM_PORT" --target "http://127.0.0.1:$APP_PORT" \
    --time-scale 0.1 --webhook-listen "127.0.0.1:$HOOK_PORT" --settle 90
  expect_rc 0 "errors with --ruler $ruler"
  expect_out "errors: PASS" "errors with --ruler $ruler"
  expect_out "app scrape target +job demoapp at 127.0.0.1:$APP_PORT is up, scraped every 1.0s" \
    "the scrape interval from discoveredLabels"
  expect_out "PASS  fire HighErrorRate" "fire"
  expect_out "PASS  resolve HighErrorRate" "resolve"
  pass "errors passes with --ruler $ruler"
done
