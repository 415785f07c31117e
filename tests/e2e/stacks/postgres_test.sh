#!/usr/bin/env bash
# Debian's PostgreSQL and prometheus-postgres-exporter behind a small shop of the test's own
# (pg_app.py: every request a real transaction). Orders with qty 0 violate a CHECK constraint, so
# PostgreSQL rolls their transactions back, and a rule on PostgreSQL's own counter
# (pg_stat_database_xact_rollback) fires. The user's prometheus.yml has the external label
# team: db, and the routing tree matches on it: PostgresRollbacks fires, reaches dba, resolves
# after the traffic, and nothing else fires (quiet passes; the other rules of the file stay
# quiet); obsctl exits 0. The database agrees with what obsctl sent: one row per order that
# was answered 201, one rollback per order that was refused.
source "$(dirname "$0")/lib.sh"
HERE="$(cd "$(dirname "$0")" && pwd)"

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
# scripts/install-deps.sh installs them: missing is a failure, never a silent pass.
if [[ -z "$PGBIN" || ! -x "$PGBIN/postgres" ]] || ! command -v psql >/dev/null; then
  fail "postgresql is not installed (scripts/install-deps.sh)"
fi
command -v prometheus-postgres-exporter >/dev/null ||
  fail "prometheus-postgres-exporter is not installed (scripts/install-deps.sh)"
id postgres >/dev/null 2>&1 || fail "no postgres system user (Debian's postgresql creates it)"

PG_PORT=$(free_port); EXPORTER_PORT=$(free_port); APP_PORT=$(free_port)

# PostgreSQL refuses to run as root: its data directory belongs to the postgres user, who must be
# able to reach it under the temp dir (traverse only, no listing).
chmod 711 "$WORK"
mkdir "$WORK/pgdata" "$WORK/pgsock"
chown postgres: "$WORK/pgdata" "$WORK/pgsock"
as_postgres() { runuser -u postgres -- "$@"; }
as_postgres "$PGBIN/initdb" -D "$WORK/pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log"; fail "initdb"; }

# runuser forks: the pid lib.sh keeps is runuser's. pg_ctl stops the server itself (fast: the
# exporter's connection does not hold it), then lib.sh's cleanup stops the rest. cleanup takes
# the test's exit code from $?, and errexit still holds in the trap: hence the dance.
stop_postgres() {
  if [[ -f "$WORK/pgdata/postmaster.pid" ]]; then
    as_postgres "$PGBIN/pg_ctl" stop -D "$WORK/pgdata" -m fast -w -t 30 >/dev/null 2>&1 || true
  fi
}
trap 'rc=$?; stop_postgres; set +e; (exit $rc); cleanup' EXIT
start postgres runuser -u postgres -- "$PGBIN/postgres" -D "$WORK/pgdata" \
  -c listen_addresses=127.0.0.1 -c port="$PG_PORT" -c unix_socket_directories="$WORK/pgsock" \
  -c fsync=off -c synchronous_commit=off
wait_for 30 "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"

sql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
sql -d postgres -c "CREATE DATABASE shop" || fail "create database shop"
sql -d shop <<'SQL' || fail "the shop's schema"
CREATE TABLE stock (item text PRIMARY KEY, sold integer NOT NULL DEFAULT 0);
INSERT INTO stock (item) VALUES ('widget');
CREATE TABLE orders (
  id serial PRIMARY KEY,
  item text NOT NULL REFERENCES stock,
  qty integer NOT NULL CHECK (qty > 0),
  created timestamptz NOT NULL DEFAULT now()
);
SQL

start exporter env DATA_SOURCE_NAME="postgresql://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable" \
  prometheus-postgres-exporter --web.listen-address="127.0.0.1:$EXPORTER_PORT"
wait_for 30 sh -c "curl -sf http://127.0.0.1:$EXPORTER_PORT/metrics | grep -q '^pg_up 1'"
start app python3 "$HERE/pg_app.py" "$APP_PORT" "$PG_PORT" shop
wait_for 20 curl -sf "http://127.0.0.1:$APP_PORT/health"
# The shop answers as the scenario expects before obsctl judges anything.
[[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"qty": 2}' "http://127.0.0.1:$APP_PORT/orders") == 201 ]] || fail "an order was not created"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"qty": 0}' "http://127.0.0.1:$APP_PORT/orders") == 409 ]] || fail "a bad order was not refused"
rollbacks() { sql -d shop -tA -c "SELECT xact_rollback FROM pg_stat_database WHERE datname = 'shop'"; }
orders() { sql -d shop -tA -c "SELECT count(*) FROM orders"; }
# The refused order's backend reports its rollback as it exits, just after the answer.
rolled_back() { [[ $(rollbacks) -ge 1 ]]; }
wait_for 10 rolled_back
ROLLBACKS_BEFORE=$(rollbacks); ORDERS_BEFORE=$(orders)
[[ $ORDERS_BEFORE -eq 1 ]] || fail "before the run: $ORDERS_BEFORE orders, expected 1"

mkdir -p "$WORK/mine"
cat >"$WORK/mine/prometheus.yml" <<YAML
global:
  scrape_interval: 15s
  evaluation_interval: 15s
  external_labels:
    team: db
scrape_configs:
  - job_name: postgres
    static_configs:
      - targets: ['127.0.0.1:$EXPORTER_PORT']
YAML
cat >"$WORK/mine/postgres-rules.yml" <<'YAML'
groups:
  - name: postgres
    rules:
      - alert: PostgresRollbacks
        expr: sum by (datname) (rate(pg_stat_database_xact_rollback{datname="shop"}[1m])) > 0.5
        for: 30s
        labels:
          severity: warning
        annotations:
          summary: "{{ $labels.datname }} rolls back {{ $value | humanize }} transactions/s"
      - alert: PostgresDown
        expr: pg_up == 0
        for: 1m
        labels:
          severity: critical
      - alert: PostgresDeadlocks
        expr: increase(pg_stat_database_deadlocks{datname="shop"}[1m]) > 0
        labels:
          severity: warning
YAML
# The external label team=db is on every alert of this Prometheus: the tree sends the critical
# ones to the pager, the rest to dba, and only an alert without it to default.
cat >"$WORK/mine/alertmanager.yml" <<'YAML'
route:
  receiver: default
  group_by: [alertname, datname]
  group_wait: 10s
  group_interval: 1m
  repeat_interval: 4h
  routes:
    - receiver: dba-pager
      matchers: ['team="db"', 'severity="critical"']
    - receiver: dba
      matchers: ['team="db"']
receivers:
  - name: default
    webhook_configs: [{url: 'http://127.0.0.1:9/default'}]
  - name: dba-pager
    webhook_configs: [{url: 'http://127.0.0.1:9/pager'}]
  - name: dba
    webhook_configs: [{url: 'http://127.0.0.1:9/dba', send_resolved: true}]
YAML
# 3m at time scale 0.1: 18 s of 5 orders/s, 2 in 5 of them refused (qty 0): about 2 rollbacks/s
# in the shop database against the rule's 0.5.
cat >"$WORK/mine/shop.yaml" <<YAML
name: shop-rollbacks
description: Orders to the shop, some violating orders.qty's CHECK, which PostgreSQL rolls back.
target: http://127.0.0.1:$APP_PORT
seed: 11
requests:
  - {name: order, method: POST, path: /orders, json: {qty: "{{randint 1 5}}"}, weight: 3}
  - {name: bad, method: POST, path: /orders, json: {qty: 0}, weight: 2}
phases:
  - {name: shop, duration: 3m, rate: 5}
expect:
  job: postgres
  fire:
    - alert: PostgresRollbacks
      labels: {severity: warning, team: db, datname: shop}
      receiver: dba
YAML

# PostgreSQL 15 publishes a backend's statistics when it exits, and each request here is a
# backend of its own (one psql): pg_stat_database lags well under a second behind the requests,
# within the default --slack of 5s.
obsctl_run run run "$WORK/mine/shop.yaml" --local-stack --no-node-exporter --time-scale 0.1 --no-demoapp \
  --rules "$WORK/mine/postgres-rules.yml" --alertmanager-config "$WORK/mine/alertmanager.yml" \
  --prometheus-config "$WORK/mine/prometheus.yml" --report "$WORK/run.json"
expect_rc 0 "rollbacks in PostgreSQL"
if grep -q "scrape job postgres left out" "$OUT"; then cat "$OUT"; fail "the postgres job was left out"; fi
expect_out "ok +app scrape target +job postgres at 127.0.0.1:$EXPORTER_PORT is up" "the exporter scraped"
expect_out "ok +external labels +team=\"db\"" "the external label read from Prometheus"
expect_out "PASS  fire PostgresRollbacks" "fired"
expect_out "PASS  route PostgresRollbacks -> dba" "routed on the external label team=db to dba"
expect_out "PASS  resolve PostgresRollbacks" "resolved"
expect_out "PASS  quiet" "nothing else fired"
expect_report_passed "$WORK/run.json"
python3 - "$WORK/run.json" <<'PY' || fail "the report"
import json, sys
doc = json.load(open(sys.argv[1]))
alert = doc["verification"]["alerts"][0]
checks = {c["name"]: c["outcome"] for c in alert["checks"]}
for name in ("fire", "deliver", "route", "resolve", "deliver resolved"):
    key = next((k for k in checks if k.startswith(name + " PostgresRollbacks")), None)
    assert key and checks[key] == "passed", (name, checks)
# What obsctl read from Prometheus: the exporter's counter for the shop database, above 0.5/s.
peaks = [p[1] for e in alert["expression"] for s in e["series"]
         if s["labels"].get("datname") == "shop" for p in s["points"]]
assert peaks and max(peaks) > 0.5, alert["expression"]
# What obsctl sent, as the shop answered it: orders 201, bad orders 409.
sent = {r["name"]: r for r in doc["requests"]}
assert sent["order"]["sent"] > 0 and sent["order"]["responses"]["2xx"] == sent["order"]["sent"], sent["order"]
assert sent["bad"]["sent"] > 0 and sent["bad"]["responses"]["4xx"] == sent["bad"]["sent"], sent["bad"]
PY
read -r SENT_ORDERS SENT_BAD < <(python3 -c 'import json, sys
sent = {r["name"]: r["sent"] for r in json.load(open(sys.argv[1]))["requests"]}
print(sent["order"], sent["bad"])' "$WORK/run.json")
# PostgreSQL's side: a row for every order answered 201, a rollback for every one refused.
ORDERS=$(( $(orders) - ORDERS_BEFORE )); ROLLBACKS=$(( $(rollbacks) - ROLLBACKS_BEFORE ))
[[ $ORDERS -eq $SENT_ORDERS ]] || fail "$ORDERS orders in the database, $SENT_ORDERS sent"
[[ $ROLLBACKS -eq $SENT_BAD ]] || fail "$ROLLBACKS rollbacks in the database, $SENT_BAD bad orders sent"
pass "PostgresRollbacks fired on PostgreSQL's rollbacks, routed on team=db to dba, resolved, quiet"
