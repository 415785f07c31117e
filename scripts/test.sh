#!/usr/bin/env bash
# Installs what is missing and passes every test: what CI runs (.ci/run). Two lanes share the
# 2 cores:
#  - builds: the release build (the ci preset, -Werror), then, one after another at the lowest
#    CPU priority, the asan (address + undefined), tsan and fuzz builds. asan and tsan build only
#    what their tests run (the unit_and_integration_tests target). Logs in build/logs/.
#  - tests, each part as soon as its build is done (the e2e tests mostly wait on time-scaled
#    rules, so the builds get the CPU meanwhile):
#     1. every test on the release build (unit, integration, e2e);
#     2. the Debian package built from build/ci, installed and run with the checkout's
#        scenarios/ and stack/ out of reach (tests/package_test.sh; purged afterwards). Nothing
#        else reads them meanwhile: the test parts run one at a time and the builds never do;
#     3. the unit and integration tests under ASan + UBSan;
#     4. the same under TSan;
#     5. each libFuzzer target for a fixed number of inputs on its corpus.
# What the release build needs is installed first, the rest while it compiles. Prints when each
# part starts and, at the end (also after a failure), when each part of both lanes ran. About
# 30 minutes on 2 cores from nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
logs=build/logs
rm -rf "$logs"
mkdir -p "$logs"
timings=$logs/timings.tsv  # name, start, end (seconds since the start), exit status
t0=$(date +%s)
elapsed() { echo $(($(date +%s) - t0)); }
mmss() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
part() { printf '== %s (at %s)\n' "$1" "$(mmss "$(elapsed)")"; }
fail() {
    echo "test.sh: $*" >&2
    exit 1
}

# timed NAME COMMAND...: runs COMMAND and appends NAME, its start, end and status to $timings.
timed() {
    local name=$1 start status=0
    shift
    start=$(elapsed)
    "$@" || status=$?
    printf '%s\t%s\t%s\t%s\n' "$name" "$start" "$(elapsed)" "$status" >>"$timings"
    return "$status"
}

# status_of NAME: the exit status timed recorded for NAME; nothing while NAME has not ended.
status_of() { awk -F'\t' -v name="$1" '$1 == name { print $4 }' "$timings" 2>/dev/null; }

# await NAME LOG PID: waits until NAME, run in the background by PID, has ended; exits with the
# end of LOG if it failed, or if PID ended without NAME.
await() {
    local name=$1 log=$2 pid=$3 status
    status=$(status_of "$name")
    [[ -n $status ]] || part "waiting for the $name"
    while [[ -z $status ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            status=$(status_of "$name")
            break
        fi
        sleep 2
        status=$(status_of "$name")
    done
    if [[ $status != 0 ]]; then
        tail -40 "$log" >&2
        fail "the $name failed or never ran ($log)"
    fi
}

# builds_ok: exits at a background build that failed, before the next test part starts.
builds_ok() {
    local failed
    failed=$(awk -F'\t' '$1 ~ / build$/ && $4 != 0 { print $1; exit }' "$timings")
    [[ -z $failed ]] || await "$failed" "$logs/${failed% build}-build.log" ""
}

build_lane() {
    local preset
    for preset in asan tsan fuzz; do
        timed "$preset build" nice -n 19 \
            bash -c "cmake --preset $preset >/dev/null && cmake --build --preset $preset" \
            >"$logs/$preset-build.log" 2>&1 || return 1
    done
}

install_pid="" builds_pid=""
finish() {
    local status=$?
    # The build lane is its own process group (set -m): ninja and the compilers stop with it.
    # apt is left to end.
    if [[ -n $builds_pid ]] && kill -0 "$builds_pid" 2>/dev/null; then
        kill -- -"$builds_pid" 2>/dev/null || true
    fi
    [[ -z $install_pid ]] || wait "$install_pid" 2>/dev/null || true
    echo "== timings (start, end, took; the builds after the release build ran in the background)"
    sort -t $'\t' -k2,2n "$timings" | while IFS=$'\t' read -r name start end code; do
        printf '  %-30s %7s %7s %7s%s\n' "$name" "$(mmss "$start")" "$(mmss "$end")" \
            "$(mmss $((end - start)))" "$([[ $code == 0 ]] || echo "  FAILED ($code)")"
    done
    exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

part "install: what the release build needs"
timed "install (build)" scripts/install-deps.sh --build
part "install: the rest, in the background ($logs/install.log)"
set -m
timed "install (the rest)" scripts/install-deps.sh >"$logs/install.log" 2>&1 &
install_pid=$!
set +m

part "release build"
timed "release build" bash -c "cmake --preset ci >/dev/null && cmake --build --preset ci"
await "install (the rest)" "$logs/install.log" "$install_pid"
wait "$install_pid"
install_pid=""

part "asan, tsan and fuzz builds start, one after another, in the background ($logs/*-build.log)"
set -m
build_lane &
builds_pid=$!
set +m

part "every test on the release build"
timed "release tests" ctest --preset ci || fail "tests failed on the release build"
builds_ok
part "the Debian package, installed and run with no checkout in reach"
timed "package test" tests/package_test.sh build/ci || fail "the package test failed"

await "asan build" "$logs/asan-build.log" "$builds_pid"
builds_ok
part "unit and integration tests under ASan + UBSan"
timed "asan tests" ctest --preset asan || fail "tests failed under ASan + UBSan"

await "tsan build" "$logs/tsan-build.log" "$builds_pid"
builds_ok
part "unit and integration tests under TSan"
timed "tsan tests" ctest --preset tsan || fail "tests failed under TSan"

await "fuzz build" "$logs/fuzz-build.log" "$builds_pid"
wait "$builds_pid"
builds_pid=""
part "fuzz targets, 20000 inputs each"
timed "fuzz" scripts/fuzz.sh --runs 20000 || fail "a fuzz target failed"
part "all passed"
