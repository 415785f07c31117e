#!/usr/bin/env bash
# demoapp's throughput and p99 under wrk (50 connections, 1 wrk thread), next to nginx serving
# a static `return 200` in the same run. The server is pinned to core 0, wrk to core 1, so
# each gets one core. Prints a table; numbers vary by machine, so compare within one run.
#   bench/demoapp.sh [SECONDS]      (default 10 s per measurement)
secs=${1:-10}
source "$(dirname "$0")/lib.sh"
bench_setup demoapp

# wrk prints "Requests/sec: N" and, with --latency, a "99% X" line in ms/us/s.
measure() { # label url
  local out rps p99
  out=$(taskset -c 1 wrk -t1 -c50 -d"${secs}s" --latency "$2")
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local errors; errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  printf '%-44s %10s req/s   p99 %8s  %s\n' "$1" "$rps" "$p99" "$errors"
  echo "$rps" > "$work/last"
}

start_nginx

start_app() { # extra demoapp flags...; sets $app_port (no subshell, so pids+= sticks)
  app_port=$(free_port)
  taskset -c 0 build/release/bin/demoapp --listen "127.0.0.1:$app_port" --threads 1 "$@" \
    >/dev/null 2>&1 &
  pids+=($!)
  wait_port "$app_port" /health
}

echo "wrk -t1 -c50 -d${secs}s; server on core 0, wrk on core 1; $(nproc) cores, $(uname -r)"
measure "nginx: return 200 (static)" "http://127.0.0.1:$nginx_port/"
nginx_rps=$(cat "$work/last")

start_app --db-min 0ms --db-max 0ms
app=$app_port
measure "demoapp GET /health" "http://127.0.0.1:$app/health"
health_rps=$(cat "$work/last")
measure "demoapp GET /api/users/42 (db sim off)" "http://127.0.0.1:$app/api/users/42"
users_rps=$(cat "$work/last")

start_app
app_db=$app_port
measure "demoapp GET /api/users/42 (db sim 1-15ms)" "http://127.0.0.1:$app_db/api/users/42"

awk -v n="$nginx_rps" -v h="$health_rps" -v u="$users_rps" 'BEGIN {
  printf "\nratio to nginx: /health %.2f, /api/users/<id> %.2f (goal: 0.50 or more)\n", h/n, u/n }'
echo "(with the database simulation on, latency is the simulated 1-15 ms by design: 50 connections / ~8 ms mean = ~6k req/s at most)"
