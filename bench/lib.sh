# Shared by the bench scripts (sourced): installs, builds one release target, starts nginx with
# a static `return 200` pinned to core 0, and stops everything started on exit.
#   bench_setup TARGET     -> $work (scratch dir), builds build/release TARGET
#   start_nginx            -> $nginx_port, $status_port (stub_status: nginx's own request count)
#   bench_obsctl           both for obsctl -> $url (nginx's `return 200`), $obsctl
#   free_port, wait_port PORT PATH, and pids+=(PID) for processes to stop at exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "${work:-/nonexistent}"
}
trap cleanup EXIT

bench_setup() {
  scripts/install-deps.sh --bench >/dev/null
  work=$(mktemp -d)
  { cmake --preset release -DOBSCTL_TESTS=OFF && cmake --build build/release --target "$1"; } \
    > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
}

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$1$2" && return 0; sleep 0.05; done; return 1; }

# One worker (the master is pinned, so its worker is too). keepalive_requests stays at nginx's
# default of 1000: every client reconnects after 1000 requests on a connection alike.
start_nginx() {
  nginx_port=$(free_port)
  status_port=$(free_port)
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx.err warn;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 127.0.0.1:$nginx_port; location / { return 200 "ok\n"; } }
  server { listen 127.0.0.1:$status_port; location / { stub_status; } }
}
CONF
  taskset -c 0 nginx -c "$work/nginx.conf" -e "$work/nginx.err" >/dev/null 2>&1 &
  pids+=($!)
  wait_port "$nginx_port" / && wait_port "$status_port" /
}

# nginx's count of requests served so far (stub_status: line 3, field 3), stamped:
# "UNIX_SECONDS REQUESTS". The read is itself a request: one more in each later count.
nginx_requests() {
  local at
  at=$(date +%s.%N)
  echo "$at $(curl -fs "http://127.0.0.1:$status_port/" | awk 'NR == 3 { print $3 }')"
}

bench_obsctl() {
  bench_setup obsctl
  start_nginx
  url="http://127.0.0.1:$nginx_port/"
  obsctl=build/release/bin/obsctl
}
