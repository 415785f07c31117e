#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/, the `fuzz` preset: clang-19 with
# -fsanitize=fuzzer,address,undefined) and runs each on its corpus, FUZZ_JOBS (2) at a time.
#   scripts/fuzz.sh [SECONDS]    each target for SECONDS (default 60)
#   scripts/fuzz.sh --runs N     each target for N inputs (what CI runs)
#   FUZZ_TARGETS="promql webhook" scripts/fuzz.sh 600    only those
# Prints executions and crashes per target; exits 1 if any target crashed (the input that did
# is in build/fuzz/crashes/). The corpus grows in build/fuzz/corpus/ from run to run; the seeds
# come from scenarios/, tests/data/ and tests/fuzz/seeds/.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-max_total_time="${1:-60}")
if [[ "${1:-}" == "--runs" ]]; then limit=(-runs="${2:?--runs N}"); fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz_targets >/dev/null

root=build/fuzz
all_targets=(scenario_yaml scenario_json template prometheus_api alertmanager_api webhook duration
             promql demoapp_route demoapp_order report_document smtp_session email_message
             capture_http http1_response)
targets=("${all_targets[@]}")
if [[ -n "${FUZZ_TARGETS:-}" ]]; then read -ra targets <<<"$FUZZ_TARGETS"; fi  # a subset
rm -rf "$root/seeds" "$root/logs"
mkdir -p "$root/seeds" "$root/logs" "$root/crashes"
for t in "${all_targets[@]}"; do
  mkdir -p "$root/seeds/$t" "$root/corpus/$t"
  [[ -d tests/fuzz/seeds/$t ]] && cp tests/fuzz/seeds/$t/* "$root/seeds/$t/"
done
cp scenarios/*.yaml tests/data/hostile/*.yaml tests/e2e/*.yaml "$root/seeds/scenario_yaml/"
python3 - "$root/seeds/scenario_json" scenarios/*.yaml <<'PY'
import json, pathlib, sys, yaml
out = pathlib.Path(sys.argv[1])
for f in sys.argv[2:]:
    (out / (pathlib.Path(f).stem + ".json")).write_text(json.dumps(yaml.safe_load(open(f)), indent=2))
PY
cp tests/data/promapi/*.json tests/data/promapi/victoriametrics/*.json tests/data/promapi/*.txt \
  "$root/seeds/prometheus_api/"
cp tests/data/promapi/am_* "$root/seeds/alertmanager_api/"
# What Alertmanager's integrations really sent (tests/data/capture/): emails as they are, HTTP
# requests as capture_http reads them (the target's line, then the body).
cp tests/data/capture/email_*.body "$root/seeds/email_message/"
python3 - "$root/seeds/capture_http" tests/data/capture <<'PY'
import pathlib, sys
out, data = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for row in (data / "requests.tsv").read_text().splitlines():
    if row.startswith("#"):
        continue
    name, method, path = row.split("\t")[:3]
    if method != "DATA":
        # The first byte picks the integration (capture_http.cpp's k_integrations), POST or PUT.
        kinds = ["slack", "pagerduty", "webhook", "opsgenie", "victorops", "wechat", "telegram",
                 "discord", "webex", "sns", "email", "unknown"]
        first = kinds.index(name.split("_")[0]) + (len(kinds) if method == "PUT" else 0)
        (out / name).write_bytes(bytes([first]) + path.encode() + b"\n" + (data / name).read_bytes())
PY
python3 - "$root/seeds/promql" stack/prometheus/rules/*.yml <<'PY'
import pathlib, sys, yaml
out = pathlib.Path(sys.argv[1])
rules = [r for f in sys.argv[2:] for g in yaml.safe_load(open(f))["groups"] for r in g["rules"]]
for i, r in enumerate(rules):
    (out / f"rule{i}").write_text(r["expr"])
PY

run_one() {
  local t=$1
  "$root/bin/fuzz_$t" "$root/corpus/$t" "$root/seeds/$t" "${limit[@]}" -rss_limit_mb=1024 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$root/crashes/$t-" \
    >"$root/logs/$t.log" 2>&1 || true
}
export -f run_one
export root
export limit_text="${limit[*]}"
printf '%s\n' "${targets[@]}" | xargs -P "${FUZZ_JOBS:-2}" -I{} bash -c 'limit=($limit_text); run_one {}'

printf '%-18s %12s %10s %8s %8s\n' target executions exec/s corpus crashes
crashed=0
for t in "${targets[@]}"; do
  log="$root/logs/$t.log"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  corpus=$(find "$root/corpus/$t" -type f | wc -l)
  crashes=$(grep -cE '^==[0-9]+==ERROR|fuzz property failed|SUMMARY: libFuzzer' "$log" || true)
  printf '%-18s %12s %10s %8s %8s\n' "$t" "${execs:-0}" "${rate:-0}" "$corpus" "$crashes"
  if [[ "$crashes" -ne 0 || -z "$execs" || "$execs" -eq 0 ]]; then
    crashed=1
    echo "--- $t: $log" >&2
    tail -30 "$log" >&2
  fi
done
exit $crashed
