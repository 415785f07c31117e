#!/usr/bin/env bash
# help_test.sh OBSCTL: `obsctl help CMD` is `obsctl CMD --help` word for word, an unknown command
# is exit 2 naming the commands there are, -V is the version and -v says so, and the help a user
# reads is grouped with examples.
set -uo pipefail
obsctl=$1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

same() {  # same "help words" "--help words"
    local a b
    a=$("$obsctl" help $1 2>&1) || fail "obsctl help $1 exited $?"
    b=$("$obsctl" $2 --help 2>&1) || fail "obsctl $2 --help exited $?"
    [[ $a == "$b" ]] || { fail "obsctl help $1 differs from obsctl $2 --help:"; diff <(echo "$a") <(echo "$b") >&2; }
    [[ -n $a ]] || fail "obsctl help $1 printed nothing"
}
same "" ""
same run run
same "stack up" "stack up"
same "report merge" "report merge"

expect() {  # expect CODE REGEX ARGS...
    local code=$1 regex=$2 out got
    shift 2
    out=$("$obsctl" "$@" 2>&1)
    got=$?
    [[ $got -eq $code ]] || fail "obsctl $* exited $got, expected $code: $out"
    grep -Eq -- "$regex" <<<"$out" || fail "obsctl $* does not say /$regex/: $out"
}
expect 2 '^obsctl: error: unknown command "nosuch" \(commands: run, verify, .*stack, .*help, completion\)' help nosuch
expect 2 'unknown command "stack nosuch" \(commands of obsctl stack: up, down, status, render, selftest\)' help stack nosuch
expect 2 'unknown command "rnu" \(did you mean run\?' help rnu
expect 2 'unknown command "frobnicate" \(commands: run, verify' frobnicate
expect 2 '^obsctl: error: unknown option -v \(did you mean -V or --version\?\)$' -v
expect 0 '^obsctl [0-9]+\.[0-9]+\.[0-9]+' -V
expect 0 '^obsctl [0-9]+\.[0-9]+\.[0-9]+' --version

# run's help: its options by purpose, then examples that are real commands.
run_help=$("$obsctl" run --help)
prev=0
for group in Scenarios Traffic Endpoints Stack Verification Reports Output Examples; do
    line=$(grep -n "^$group:" <<<"$run_help" | cut -d: -f1)
    [[ -n $line ]] || { fail "run --help has no $group: heading"; continue; }
    ((line > prev)) || fail "run --help: $group: is not in its place"
    prev=$line
done
grep -Eq '^Traffic:$' <<<"$run_help" && sed -n '/^Traffic:/,/^$/p' <<<"$run_help" | grep -q -- '--rate-scale' ||
    fail "--rate-scale is not under Traffic:"
grep -q '^  obsctl run errors --local-stack --time-scale 0.1$' <<<"$run_help" || fail "run --help has no example"
# Every subcommand a user sees has an example.
for cmd in run verify validate list status alerts coverage init "report merge" "report html" \
    "stack up" "stack down" "stack status" "stack render" "stack selftest" help completion; do
    "$obsctl" $cmd --help | grep -q "^  obsctl " || fail "obsctl $cmd --help has no example"
done
# The top-level help: one line a command, hidden ones left out.
top=$("$obsctl" --help)
grep -Eq '^  run +Replay' <<<"$top" || fail "obsctl --help does not list run on one line"
grep -Eq '^  help ' <<<"$top" || fail "obsctl --help does not list help"
! grep -q 'manpages' <<<"$top" || fail "obsctl --help shows the hidden manpages command"

if ((failures)); then
    echo "help_test: $failures failures" >&2
    exit 1
fi
echo "help_test: all checks passed"
