#!/usr/bin/env bash
# Rule coverage of the five bundled scenarios, each run separately (e2e_errors, e2e_load,
# e2e_normal, e2e_orders, e2e_slow write --coverage files), merged by `obsctl coverage`: exactly
# the three rules a scenario expects are covered, the other six of the shipped rules are not.
# Usage: coverage_test.sh DIR (where the e2e runs wrote coverage-<scenario>.json)
source "$(dirname "$0")/stacks/lib.sh"
DIR=$1
FILES=()
for s in errors load normal orders slow; do
  [[ -f "$DIR/coverage-$s.json" ]] || fail "no coverage file from e2e_$s"
  FILES+=("$DIR/coverage-$s.json")
done

obsctl_run merged coverage "${FILES[@]}" --coverage "$WORK/merged.json" --min-coverage 100
expect_rc 1 "below 100%"
expect_out "^rule coverage: 3 of 9 alerting rules \(33%\)$" "3 of the 9 shipped rules covered"
for row in "HighErrorRate +demoapp +critical +covered +errors$" \
           "HighLatency +demoapp +warning +covered +slow$" \
           "HighRequestRate +demoapp +warning +covered +load$"; do
  expect_out "^  $row" "covered: $row"
done
for rule in LowOrderSuccessRate ApplicationDown LowActiveUsers HighCPUUsage HighMemoryUsage DiskSpaceLow; do
  expect_out "^  $rule +[a-z]+ +(critical|warning) +(not exercised|pending only) " "not covered: $rule"
done
expect_out "by severity: critical 1 of 2, warning 2 of 7" "counts per severity"
expect_out "FAIL  rule coverage 33.3% is below --min-coverage 100%; not covered: LowOrderSuccessRate, ApplicationDown, LowActiveUsers, HighCPUUsage, HighMemoryUsage, DiskSpaceLow" \
  "the gate names the uncovered rules"
pass "five separate runs merged: exactly HighErrorRate, HighLatency and HighRequestRate covered"

# The merged file merges again, to the same verdict, and passes a gate it meets.
obsctl_run again coverage "$WORK/merged.json" --min-coverage 33
expect_rc 0 "33% gate"
expect_out "^rule coverage: 3 of 9 alerting rules" "the merged file reads back"
obsctl_run broken coverage "$DIR/coverage-errors.json" "$0"
expect_rc 2 "not a coverage file"
expect_out "coverage_test.sh: not an obsctl coverage file" "names the file"
pass "the merged file reads back; a file that is not one is exit 2 naming it"
