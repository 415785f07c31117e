#!/usr/bin/env bash
# expect_exit.sh CODE REGEX COMMAND [ARGS...]
# Runs COMMAND, shows what it printed, and passes only when it exited with CODE and its output
# (stdout and stderr) matches the extended regular expression REGEX (empty: any output).
# ctest's PASS_REGULAR_EXPRESSION ignores the exit code and WILL_FAIL passes on a crash: this
# checks both.
set -uo pipefail
want=$1 regex=$2
shift 2
out=$("$@" 2>&1)
got=$?
printf '%s\n' "$out"
if [[ $got -ne $want ]]; then
  echo "expect_exit: exit code $got, expected $want: $*" >&2
  exit 1
fi
if [[ -n "$regex" ]] && ! grep -Eq -- "$regex" <<<"$out"; then
  echo "expect_exit: output does not match /$regex/" >&2
  exit 1
fi
echo "expect_exit: exit $got and output as expected"
