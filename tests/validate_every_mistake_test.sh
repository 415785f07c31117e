#!/usr/bin/env bash
# validate_every_mistake_test.sh OBSCTL DATA_DIR
# `obsctl validate` on a file with six planted mistakes of different kinds prints six lines,
# one per mistake, in file order, and exits 2; `run` refuses the file with the same lines.
set -uo pipefail
obsctl=$1 data=$2
file=$data/scenario/six_mistakes.yaml
fail() { echo "validate_every_mistake: $*" >&2; exit 1; }

out=$("$obsctl" validate "$file" 2>&1)
code=$?
printf '%s\n' "$out"
[[ $code -eq 2 ]] || fail "exit code $code, expected 2"
expected=(
  "$file:7:11: requests[0].path: unknown template function"
  "$file:10:5: requests[1].wieght: unknown field, did you mean \`weight\`?"
  "$file:13:15: phases[0].duration: expected a duration such as 30s, 2m or 1m30s, got \"10x\""
  "$file:17:11: phases[1].rate: must be above 0 requests per second"
  "$file:22:18: expect.fire[0].annotations.summary: not a regular expression"
  "$file:23:7: expect.fire[1].alert: missing (required)"
)
mapfile -t lines <<<"$out"
[[ ${#lines[@]} -eq 6 ]] || fail "${#lines[@]} lines, expected 6"
for i in "${!expected[@]}"; do
  [[ "${lines[$i]}" == "${expected[$i]}"* ]] ||
    fail "line $((i + 1)): '${lines[$i]}', expected it to start with '${expected[$i]}'"
done

# run reads the file the same way and refuses it, with the same six lines, before any traffic.
run_out=$("$obsctl" run --no-verify --target http://127.0.0.1:9 "$file" 2>&1)
code=$?
printf '%s\n' "$run_out"
[[ $code -eq 2 ]] || fail "run: exit code $code, expected 2"
for want in "${lines[@]}"; do
  grep -qxF -- "$want" <<<"$run_out" || fail "run does not print: $want"
done
grep -q "6 mistakes in the scenario" <<<"$run_out" || fail "run does not count the mistakes"
echo "validate_every_mistake: six lines in file order, exit 2; run refuses with the same lines"
