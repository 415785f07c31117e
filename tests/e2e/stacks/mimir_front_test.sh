#!/usr/bin/env bash
# A Mimir-shaped front (Debian's nginx): the Prometheus API under /prometheus/ and Alertmanager
# under /alertmanager/, 401 without the tenant header X-Scope-OrgID. obsctl passes with an
# --endpoints file carrying the header and with --header; without it, exit 3 saying so.
source "$(dirname "$0")/lib.sh"

start_plain_stack

FRONT=$(free_port)
mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $WORK/nginx.log;
pid $WORK/nginx/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$FRONT;
    location /prometheus/ {
      if (\$http_x_scope_orgid != "tenant-1") { return 401; }
      proxy_pass http://127.0.0.1:$PROM_PORT/;
    }
    location /alertmanager/ {
      if (\$http_x_scope_orgid != "tenant-1") { return 401; }
      proxy_pass http://127.0.0.1:$AM_PORT/;
    }
  }
}
CONF
start nginx nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g "daemon off;"
wait_for 10 curl -sf -H "X-Scope-OrgID: tenant-1" "http://127.0.0.1:$FRONT/prometheus/-/ready"

BASE="http://127.0.0.1:$FRONT"
TARGET="http://127.0.0.1:$APP_PORT"
HOOKS="127.0.0.1:$HOOK_PORT"

# Without the tenant: exit 3 before any traffic, naming the URL and the missing credential.
obsctl_run missing run errors --prometheus "$BASE/prometheus" --alertmanager "$BASE/alertmanager" \
  --target "$TARGET" --time-scale 0.1
expect_rc 3 "no tenant header"
expect_out "$BASE/prometheus/-/ready: HTTP 401: credentials are missing.*X-Scope-OrgID" "no tenant header"
pass "without X-Scope-OrgID: exit 3 naming the URL"

cat > "$WORK/endpoints.yml" <<YAML
prometheus:
  url: $BASE/prometheus
  headers: {X-Scope-OrgID: tenant-1}
alertmanager:
  url: $BASE/alertmanager
  headers: {X-Scope-OrgID: tenant-1}
YAML
obsctl_run file run errors --endpoints "$WORK/endpoints.yml" --target "$TARGET" --time-scale 0.1 \
  --webhook-listen "$HOOKS"
expect_rc 0 "tenant from the endpoints file"
expect_out "errors: PASS" "tenant from the endpoints file"
pass "errors passes through the front with an --endpoints file"

obsctl_run flag run errors --prometheus "$BASE/prometheus" --alertmanager "$BASE/alertmanager" \
  --header "X-Scope-OrgID: tenant-1" --target "$TARGET" --time-scale 0.1 --webhook-listen "$HOOKS"
expect_rc 0 "tenant from --header"
expect_out "errors: PASS" "tenant from --header"
pass "errors passes through the front with --header"
