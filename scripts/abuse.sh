#!/usr/bin/env bash
# Replays hostile input (issue 9) against obsctl and demoapp and checks every answer:
#  - obsctl: an alias bomb, NaN and 1e12 rates, a 50 MB scenario, an overflowing duration, a key
#    given twice, a directory, --rate-scale nan, an unwritable --report: each one line naming
#    file:line:col (or the path / option), exit 2, within 1 s and under 100 MB;
#  - demoapp: 2,000 idle connections, slowloris, a 100 MB body, pipelining, 5,000 headers, JSON
#    nested 100k deep, malformed requests (tests/abuse/http_abuse.py), with /health fast and
#    memory flat after each;
#  - the SMTP capture listener (capture_listen): a 100 MB DATA, a line that never ends, a 1 MB
#    command line, 5,000 RCPT TO, binary garbage, 200 connections at once
#    (tests/abuse/smtp_abuse.py), with a normal message still captured and memory flat after each.
#   scripts/abuse.sh [BIN_DIR]     (default build/ci/bin; ctest passes the build's own)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/ci/bin}
obsctl=$bin/obsctl demoapp=$bin/demoapp
work=$(mktemp -d "${TMPDIR:-/tmp}/obsctl-abuse-XXXXXX")
app_pid=""
listen_pid=""
cleanup() {
  [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null
  [[ -n "$listen_pid" ]] && kill "$listen_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0

# expect NAME REGEX ARGS...: obsctl ARGS must exit 2 with exactly one line matching REGEX,
# within 1 s, in under 100 MB (the release build's promise; a sanitizer build's ctest raises
# both through ABUSE_MAX_SECONDS and ABUSE_MAX_MB, since ASan alone takes 140 MB of shadow).
max_seconds=${ABUSE_MAX_SECONDS:-1} max_mb=${ABUSE_MAX_MB:-100}
expect() {
  local name=$1 regex=$2; shift 2
  local code=0
  /usr/bin/time -f "%e %M" -o "$work/time" timeout 10 "$obsctl" "$@" >"$work/out" 2>&1 || code=$?
  read -r seconds kb < <(tail -1 "$work/time") || true
  local lines; lines=$(grep -vc '^errors: Drives\|^load: ' "$work/out" || true)
  local first; first=$(grep -v '^errors: Drives\|^load: ' "$work/out" | head -1)
  if [[ $code -eq 2 && $lines -eq 1 && "$first" =~ $regex ]] &&
     awk -v s="$seconds" -v k="$kb" -v ms="$max_seconds" -v mm="$max_mb" \
       'BEGIN { exit !(s < ms && k < mm * 1024) }'; then
    printf 'ok    %-26s exit 2 in %ss, %s MB: %s\n' "$name" "$seconds" "$((kb / 1024))" "$first"
  else
    printf 'FAIL  %-26s exit %s in %ss, %s KB, %s lines: %s\n' "$name" "$code" "$seconds" "$kb" \
      "$lines" "$(head -3 "$work/out")"
    failures=$((failures + 1))
  fi
}

hostile=tests/data/hostile
head -c 52428800 /dev/zero | tr '\0' '#' >"$work/50mb.yaml"
mkdir "$work/a-directory"
nowhere=http://127.0.0.1:9  # never contacted: every case fails before traffic
expect "alias bomb (validate)" "alias_bomb.yaml:6:7: requests\[0\].json: the body grows past 1 MiB" \
  validate "$hostile/alias_bomb.yaml"
expect "alias bomb (run)" "alias_bomb.yaml:6:7: " run "$hostile/alias_bomb.yaml" --no-verify --target $nowhere
expect "alias inside its own anchor" "alias_cycle.yaml:6:7: requests\[0\].json: the body nests deeper than 64" \
  validate "$hostile/alias_cycle.yaml"
expect "rate: NaN" "rate_nan.yaml:4:26: phases\[0\].rate: expected requests per second" \
  run "$hostile/rate_nan.yaml" --no-verify --target $nowhere
expect "rate: 1e12" "rate_1e12.yaml:4:26: .*above the 100000 one obsctl process can send" \
  run "$hostile/rate_1e12.yaml" --no-verify --target $nowhere
expect "--rate-scale nan" "obsctl: error: --rate-scale: Value nan not in range" \
  run errors --rate-scale nan --no-verify --target $nowhere
expect "--rate-scale past the limit" "phase ramp: 150000 requests per second after scaling" \
  run load --rate-scale 1000 --no-verify --target $nowhere
expect "50 MB scenario" "50mb.yaml: is larger than 1 MiB, the most obsctl reads for a scenario file" validate "$work/50mb.yaml"
expect "duration overflow" "duration_overflow.yaml:4:16: .*is longer than 100y" \
  validate "$hostile/duration_overflow.yaml"
expect "key given twice" "duplicate_key.yaml:6:5: phases\[0\].rate: given twice" \
  validate "$hostile/duplicate_key.yaml"
expect "directory as scenario" "a-directory: is a directory, expected a scenario file" \
  validate "$work/a-directory"
expect "unwritable --report" "no/such/dir/r.json: cannot write the report" \
  run errors --no-verify --report "$work/no/such/dir/r.json" --target $nowhere

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$demoapp" --listen "127.0.0.1:$port" --request-timeout 1s --db-min 0ms --db-max 0ms \
  >"$work/demoapp.log" 2>&1 &
app_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done
if ! python3 tests/abuse/http_abuse.py "$port" "$app_pid"; then
  failures=$((failures + 1))
  tail -20 "$work/demoapp.log"
fi
kill "$app_pid"
wait "$app_pid" || { echo "FAIL  demoapp exited $? after the attacks"; failures=$((failures + 1)); }
app_pid=""

# The SMTP capture listener, with a 2 s idle timeout so the never-ending line is dropped soon.
smtp_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/capture_listen" "127.0.0.1:$smtp_port" 2000 >"$work/capture_listen.out" 2>&1 &
listen_pid=$!
for _ in $(seq 100); do
  grep -q '^listening on' "$work/capture_listen.out" 2>/dev/null && break
  sleep 0.1
done
if ! python3 tests/abuse/smtp_abuse.py "$smtp_port" "$listen_pid" "$work/capture_listen.out" 2; then
  failures=$((failures + 1))
  tail -5 "$work/capture_listen.out"
fi
kill "$listen_pid"
wait "$listen_pid" || { echo "FAIL  capture_listen exited $? after the attacks"; failures=$((failures + 1)); }
listen_pid=""

if [[ $failures -ne 0 ]]; then
  echo "abuse: $failures FAILED"
  exit 1
fi
echo "abuse: PASS (every hostile input answered as promised)"
