#!/usr/bin/env bash
# Four `obsctl run --segment i/4` processes with one --start-at against demoapp send exactly the
# scenario's arrivals between them (demoapp's counters and the merged report agree to the
# request), split the closed-model users 2+2+2+1, and `obsctl report merge` gives the totals of
# one process sending the whole scenario. A late worker drops what was due (late), no burst.
source "$(dirname "$0")/../e2e/stacks/lib.sh"
APP_PORT=$(free_port)
start_demoapp
cat >"$WORK/s.yaml" <<'YAML'
name: segments
description: Open-model ramp and hold, then closed-model users.
seed: 9
requests:
  - {name: user, path: "/api/users/{{randint 1 100}}", weight: 3}
  - {name: health, path: /health, weight: 1}
phases:
  - {name: ramp, duration: 4s, rate: {from: 10, to: 200}}
  - {name: hold, duration: 4s, rate: 150}
  - {name: users, duration: 2s, vus: 7}
YAML
# demoapp's count of the scenario's two routes (obsctl's own probe of / is not one of them).
app_count() {
  curl -sf "http://127.0.0.1:$APP_PORT/metrics" |
    awk '/^http_requests_total\{/ && /endpoint="\/(api\/users\/<id>|health)"/ { s += $NF } END { printf "%d", s }'
}
report_field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

before=$(app_count)
START=$(python3 -c 'import time; print(f"{time.time() + 5:.3f}")')  # room for 4 processes to start on a busy machine
for i in 0 1 2 3; do
  "$OBSCTL" run "$WORK/s.yaml" --target "http://127.0.0.1:$APP_PORT" --segment "$i/4" \
    --start-at "$START" --report "$WORK/seg-$i.json" -q >"$WORK/seg-$i.out" 2>&1 &
  PIDS+=($!)
done
for pid in "${PIDS[@]: -4}"; do wait "$pid" || fail "a segment failed: $(cat "$WORK"/seg-*.out)"; done
sent=$(( $(app_count) - before ))

obsctl_run merge report merge "$WORK"/seg-{0,1,2,3}.json --report "$WORK/merged.json"
expect_rc 0 "merge"
expect_out "ok    segments +all 4 segments merged" "all four"
merged=$(report_field "$WORK/merged.json" "d['total']['sent']")
[[ $merged -eq $sent ]] || fail "merged report says $merged sent, demoapp counted $sent"
ramp=$(report_field "$WORK/merged.json" "d['phases'][0]['total']['sent']")
hold=$(report_field "$WORK/merged.json" "d['phases'][1]['total']['sent']")
[[ $ramp -eq 420 && $hold -eq 600 ]] || fail "open-model arrivals $ramp + $hold, scheduled 420 + 600"
for i in 0 1 2 3; do
  want=$(( i < 3 ? 2 : 1 ))
  model=$(report_field "$WORK/seg-$i.json" "d['phases'][2]['model']")
  [[ $model == "$want of 7 vus" ]] || fail "segment $i ran '$model', expected $want of 7 vus"
  [[ $(report_field "$WORK/seg-$i.json" "d['total']['dropped']") -eq 0 ]] || fail "segment $i dropped"
done
[[ $(report_field "$WORK/merged.json" "d['phases'][2]['model']") == "7 vus" ]] || fail "merged model"
pass "4 segments: $sent requests, exactly what demoapp counted; open model 420 + 600 as scheduled; users 2+2+2+1"

# One process sending the whole scenario: the same open-model totals and per-request counts.
obsctl_run whole run "$WORK/s.yaml" --target "http://127.0.0.1:$APP_PORT" --no-verify \
  --report "$WORK/whole.json" -q
expect_rc 0 "whole"
for field in "d['phases'][0]['requests'][0]['sent']" "d['phases'][0]['requests'][1]['sent']" \
             "d['phases'][1]['requests'][0]['sent']" "d['phases'][1]['requests'][1]['sent']"; do
  a=$(report_field "$WORK/merged.json" "$field"); b=$(report_field "$WORK/whole.json" "$field")
  [[ $a -eq $b ]] || fail "$field: merged $a, one process $b (the request mix differs)"
done
pass "the merged open-model requests are one process's, request by request name"

# Refusals: a segment twice, another scenario, a missing segment named.
# The same file named twice is one file: not "given twice", only segments 2 and 3 missing.
obsctl_run twice report merge "$WORK/seg-0.json" "$WORK/seg-0.json" "$WORK/seg-1.json"
expect_rc 1 "one file named twice"
expect_out "FAIL  segments +segments 2, 3 of 4 missing \(merged: 0, 1\)" "the file counted once"
cp "$WORK/seg-1.json" "$WORK/copy.json"
obsctl_run overlap report merge "$WORK/seg-1.json" "$WORK/copy.json"
expect_rc 2 "overlap"; expect_out "segment 1/4 is given twice" "overlap named"
obsctl_run other report merge "$WORK/seg-0.json" "$WORK/whole.json"
expect_rc 2 "other"; expect_out "cannot merge" "refused"
obsctl_run missing report merge "$WORK/seg-0.json" "$WORK/seg-2.json"
expect_rc 1 "missing"; expect_out "FAIL  segments +segments 1, 3 of 4 missing \(merged: 0, 2\)" "missing named"
pass "overlapping and foreign reports refused (exit 2), missing segments named (exit 1)"

# A worker that starts 3 s late: what was due is dropped as late, the rest on time.
START=$(python3 -c 'import time; print(f"{time.time() - 3:.3f}")')
obsctl_run late run "$WORK/s.yaml" --target "http://127.0.0.1:$APP_PORT" --segment 1/4 \
  --start-at "$START" --report "$WORK/late.json" -q
expect_rc 0 "late"
late=$(report_field "$WORK/late.json" "d['total']['late']")
p99=$(report_field "$WORK/late.json" "d['phases'][1]['total']['latency_seconds']['p99']")
[[ $late -gt 30 ]] || fail "only $late late arrivals after a 3 s late start"
python3 -c "import sys; sys.exit(0 if $p99 < 0.5 else 1)" || fail "hold p99 $p99 s: a catch-up burst"
pass "3 s late: $late arrivals dropped as late, the hold phase on time (p99 ${p99}s)"
