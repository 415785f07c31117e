#!/usr/bin/env bash
# obsctl's engine against nginx (`return 200`) on loopback, one core each: nginx on core 0,
# the client on core 1. Reports the maximum rate of wrk, of a bare libcurl multi loop
# (bench/curl_multi_loop.c) and of obsctl (closed model, 50 users, no think time), then
# obsctl's rate accuracy (and p99) on the open model at 1k, 10k and 100k req/s, then its peak
# memory over a 1,000,000-request run. obsctl sends on --transport $TRANSPORT (auto, curl or
# http1; default auto).              [TRANSPORT=auto] bench/engine.sh [SECONDS]   (default 10)
secs=${1:-10}
transport=${TRANSPORT:-auto}
source "$(dirname "$0")/lib.sh"
bench_obsctl
cc -O2 -o "$work/curl_multi_loop" bench/curl_multi_loop.c -lcurl
obsctl_run() { taskset -c 1 $obsctl run "$@" --target "$url" --quiet --no-verify --transport "$transport"; }

scenario() { # name, phase yaml
  printf 'name: %s\nmax_in_flight: 200\nrequests: [{path: /}]\nphases: [%s]\n' "$1" "$2" > "$work/$1.yaml"
  echo "$work/$1.yaml"
}
sent_rate() { python3 -c "import json,sys;d=json.load(open('$1'));t=d['total'];print(f\"{t['sent']/d['elapsed_seconds']:.0f} {t['sent']} {t['dropped']} {t['latency_seconds']['p99']*1000:.2f}\")"; }

echo "nginx return 200 on core 0, client on core 1, 50 connections, ${secs}s each; $(nproc) cores;" \
  "obsctl --transport $transport"
wrk_rps=$(taskset -c 1 wrk -t1 -c50 -d"${secs}s" "$url" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')
loop_rps=$(taskset -c 1 "$work/curl_multi_loop" "$url" 50 "$secs")
obsctl_run "$(scenario max "{duration: ${secs}s, vus: 50}")" --report "$work/max.json"
read -r obs_rps _ _ _ < <(sent_rate "$work/max.json")
printf '%-34s %8s req/s\n' "wrk" "$wrk_rps" "bare libcurl multi loop" "$loop_rps" "obsctl (closed, 50 vus)" "$obs_rps"
awk -v o="$obs_rps" -v l="$loop_rps" -v w="$wrk_rps" 'BEGIN { printf "obsctl / libcurl loop %.2f (goal 1.0), libcurl loop / wrk %.2f\n\n", o/l, l/w }'

echo "open model rate accuracy (${secs}s each; goal: within 1% of the schedule):"
for rate in 1000 10000 100000; do
  obsctl_run "$(scenario "r$rate" "{duration: ${secs}s, rate: $rate}")" --report "$work/r$rate.json"
  read -r achieved sent dropped p99 < <(sent_rate "$work/r$rate.json")
  expected=$((rate * secs))
  awk -v r="$rate" -v s="$sent" -v e="$expected" -v d="$dropped" -v p="$p99" \
    'BEGIN { printf "  target %6d/s: sent %8d of %8d scheduled (%+.2f%%), dropped %d, p99 %s ms\n", r, s, e, (s-e)*100/e, d, p }'
done

echo
echo "memory over 1,000,000 requests (10k/s for 100s):"
/usr/bin/time -f "  peak resident %M KiB, %e s" taskset -c 1 $obsctl run \
  "$(scenario million "{duration: 100s, rate: 10000}")" --target "$url" --quiet --no-verify \
  --transport "$transport" --report "$work/million.json"
read -r _ sent dropped _ < <(sent_rate "$work/million.json")
echo "  sent $sent, dropped $dropped"
