#!/usr/bin/env bash
# Captures real Prometheus 2.42 / Alertmanager 0.25 API responses for promapi's unit tests.
# Starts a detached local stack (time scale 0.1), stops demoapp so ApplicationDown fires,
# saves the responses, and stops the stack. Usage: tests/data/promapi/capture.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
obsctl_build=$(cd "${1:?build dir}" && pwd)
obsctl=$obsctl_build/bin/obsctl
cd "$here"
state=$(mktemp -d)
trap '"$obsctl" stack down --state-dir "$state" >/dev/null; rm -rf "$state"' EXIT
"$obsctl" stack up --detach --no-node-exporter --state-dir "$state" --time-scale 0.1 \
  --app-port 0 --prometheus-port 0 --alertmanager-port 0 --webhook-port 0 >/dev/null
port() { python3 -c "import json,sys;print(json.load(open('$state/stack.json'))['ports']['$1'])"; }
prom=http://127.0.0.1:$(port prometheus); am=http://127.0.0.1:$(port alertmanager)
app=http://127.0.0.1:$(port app)
for i in $(seq 20); do curl -s "$app/api/users/$i" >/dev/null; done
sleep 2
curl -s "$prom/api/v1/query" --data-urlencode 'query=sum by (endpoint, status) (http_requests_total{job="demoapp"})' > query_vector.json
curl -s "$prom/api/v1/query" --data-urlencode 'query=scalar(sum(up))' > query_scalar.json
curl -s "$prom/api/v1/alerts" > alerts_none.json
curl -s "$prom/api/v1/rules?type=alert" > rules.json
curl -s "$prom/api/v1/targets" > targets.json
curl -s "$prom/api/v1/status/config" > status_config.json
curl -s "$am/api/v2/status" > am_status.json
# The error responses of errors.tsv (a URL of the wrong server is one of them).
grep -v '^#' errors.tsv | while IFS=$'\t' read -r file api path status; do
  base=$prom; [ "$api" = alertmanager ] && base=$am
  got=$(curl -s -o "$file" -w '%{http_code}' "$base$path")
  [ "$got" = "$status" ] || { echo "$file: HTTP $got, errors.tsv says $status" >&2; exit 1; }
done
pid=$(python3 -c "import json;print(json.load(open('$state/stack.json'))['processes']['demoapp']['pid'])")
kill "$pid"
for i in $(seq 60); do
  curl -s "$am/api/v2/alerts" | grep -q ApplicationDown && break; sleep 0.5
done
curl -s "$prom/api/v1/alerts" > alerts_firing.json
curl -s "$prom/api/v1/targets" > targets_down.json
curl -s "$am/api/v2/alerts" > am_alerts.json
echo "captured into $here"
