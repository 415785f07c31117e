#!/usr/bin/env bash
# obsctl next to the load generators people compare it with, against one nginx worker (`return
# 200`) pinned to core 0, each client pinned to core 1 with 50 keep-alive connections and one
# thread: wrk, h2load (HTTP/1.1), ab -k, hey, autocannon and obsctl on each transport (closed
# model, 50 users, no think time). nginx counts what each sent (stub_status, read 1 s into the
# run and 1 s before its end, so start-up and tail count for none), rounds are interleaved
# with the clients' order rotated each round, and the table gives each client's median, its
# rounds and its ratio to obsctl's HTTP/1.1 transport. A client that is missing or fails is
# skipped, saying why.       bench/peers.sh [SECONDS] [ROUNDS]   (default 5 s, 3 rounds)
secs=${1:-5}
rounds=${2:-3}
source "$(dirname "$0")/lib.sh"
bench_obsctl
autocannon=.tools/npm/node_modules/.bin/autocannon
printf 'name: peers\nmax_in_flight: 200\nrequests: [{path: /}]\nphases: [{duration: %ss, vus: 50}]\n' \
  "$secs" > "$work/peers.yaml"

clients=(wrk h2load ab hey autocannon "obsctl http1" "obsctl curl")

run_client() { # client: sends for $secs on core 1
  case $1 in
    wrk) taskset -c 1 wrk -t1 -c50 -d"${secs}s" "$url" ;;
    h2load) taskset -c 1 h2load --h1 -t1 -c50 -D "$secs" "$url" ;;
    ab) taskset -c 1 ab -k -q -c50 -t "$secs" -n 100000000 "$url" ;;
    hey) taskset -c 1 hey -z "${secs}s" -c 50 "$url" ;;
    autocannon) taskset -c 1 "$autocannon" -c 50 -d "$secs" "$url" ;;
    "obsctl "*) taskset -c 1 "$obsctl" run "$work/peers.yaml" --quiet --no-verify \
      --transport "${1#obsctl }" --target "$url" ;;
  esac
}

installed() { # client -> why it cannot run, or nothing
  local exe=${1%% *}
  [[ $exe == autocannon ]] && exe=$autocannon
  [[ $exe == obsctl ]] && exe=$obsctl
  command -v "$exe" >/dev/null || echo "$exe is not installed (scripts/install-deps.sh --bench)"
}

why_failed() { # output -> its error line, else its last line
  grep -m1 -i 'error' "$1" || grep -v '^\s*$' "$1" | tail -1 || true
}

# The counting window: 1 s in from each end (a quarter of the run when it is shorter than 4 s).
margin=$(awk -v s="$secs" 'BEGIN { print (s < 4 ? s / 4 : 1) }')
window=$(awk -v s="$secs" -v m="$margin" 'BEGIN { print s - 2 * m }')

declare -A skipped
: > "$work/rates"
echo "nginx (1 worker) on core 0, each client on core 1, 50 connections, ${secs}s a run," \
  "$rounds interleaved rounds; $(nproc) cores"
for ((round = 1; round <= rounds; round++)); do
  for ((i = 0; i < ${#clients[@]}; i++)); do
    client=${clients[(i + round - 1) % ${#clients[@]}]}
    [[ -n ${skipped[$client]:-} ]] && continue
    why=$(installed "$client")
    if [[ -n $why ]]; then
      skipped[$client]=$why
      echo "skipped $client: $why"
      continue
    fi
    run_client "$client" > "$work/out" 2>&1 &
    sender=$!
    sleep "$margin"
    first=$(nginx_requests)
    sleep "$window"
    last=$(nginx_requests)
    if ! wait "$sender"; then
      skipped[$client]="its run failed: $(why_failed "$work/out")"
      echo "skipped $client: ${skipped[$client]}"
      continue
    fi
    # The later read counts the earlier one too: one request less.
    read -r t0 n0 <<<"$first"
    read -r t1 n1 <<<"$last"
    awk -v c="$client" -v r="$round" -v t0="$t0" -v n0="$n0" -v t1="$t1" -v n1="$n1" \
      'BEGIN { printf "%s\t%d\t%.0f\n", c, r, (n1 - n0 - 1) / (t1 - t0) }' >> "$work/rates"
    sleep 1
  done
done

python3 - "$rounds" "$work/rates" "${clients[@]}" <<'PY'
import statistics, sys
rounds, rates, clients = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
runs = {}
for line in open(rates):
    client, _, rate = line.rstrip("\n").split("\t")
    runs.setdefault(client, []).append(float(rate))
median = {c: statistics.median(r) for c, r in runs.items()}
base = median.get("obsctl http1")
print(f"\n{'client':<14} {'median':>9}  " + " ".join(f"{'round ' + str(i + 1):>9}" for i in range(rounds))
      + "  ratio to obsctl http1")
for c in clients:
    if c not in runs:
        continue
    ratio = f"{median[c] / base:.2f}" if base else "-"
    print(f"{c:<14} {median[c]:>9.0f}  " + " ".join(f"{r:>9.0f}" for r in runs[c]) + f"  {ratio:>8}")
print("(requests a second, counted by nginx)\n")
if base and "wrk" in median:
    print(f"obsctl http1 / wrk = {base / median['wrk']:.2f} (goal >= 0.9)")
else:
    print("obsctl http1 / wrk = n/a: " + ("obsctl http1" if not base else "wrk") + " did not run")
if base:
    for c in clients:
        if c in median and c not in ("obsctl http1", "wrk"):
            word = "ahead of" if base > median[c] else "behind"
            print(f"obsctl http1 is {word} {c} ({base / median[c]:.2f}x)")
PY
