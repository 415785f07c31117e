#!/usr/bin/env bash
# Rule coverage merged by `obsctl coverage`: e2e_errors's file alone covers one of the nine
# shipped rules and fails a 100% gate naming the other eight; merged with e2e_run_all's (every
# bundled scenario on one stack) all nine are covered, each by the scenarios that expect it.
# Usage: coverage_test.sh DIR (where the e2e runs wrote coverage-errors.json, coverage-all.json)
source "$(dirname "$0")/stacks/lib.sh"
DIR=$1
for s in errors all; do
  [[ -f "$DIR/coverage-$s.json" ]] || fail "no coverage file coverage-$s.json"
done

obsctl_run alone coverage "$DIR/coverage-errors.json" --min-coverage 100
expect_rc 1 "below 100%"
expect_out "^rule coverage: 1 of 9 alerting rules \(11%\)$" "1 of the 9 shipped rules covered"
expect_out "^  HighErrorRate +demoapp +critical +covered +errors$" "covered by errors"
for rule in HighLatency LowOrderSuccessRate ApplicationDown HighRequestRate LowActiveUsers HighCPUUsage HighMemoryUsage DiskSpaceLow; do
  expect_out "^  $rule +[a-z]+ +(critical|warning) +(not exercised|pending only) " "not covered: $rule"
done
expect_out "FAIL  rule coverage 11.1% is below --min-coverage 100%; not covered: HighLatency, LowOrderSuccessRate, ApplicationDown, HighRequestRate, LowActiveUsers, HighCPUUsage, HighMemoryUsage, DiskSpaceLow" \
  "the gate names the uncovered rules"
pass "errors alone: HighErrorRate covered, the gate names the other eight"

obsctl_run merged coverage "$DIR/coverage-errors.json" "$DIR/coverage-all.json" \
  --coverage "$WORK/merged.json" --min-coverage 100
expect_rc 0 "100% gate on the merged files"
expect_out "^rule coverage: 9 of 9 alerting rules \(100%\)$" "all nine covered"
for row in "HighErrorRate +demoapp +critical +covered +errors, outage, payments$" \
           "HighLatency +demoapp +warning +covered +slow$" \
           "LowOrderSuccessRate +demoapp +warning +covered +payments$" \
           "ApplicationDown +demoapp +critical +covered +outage$" \
           "HighRequestRate +demoapp +warning +covered +load$" \
           "LowActiveUsers +demoapp +warning +covered +few-users$" \
           "HighCPUUsage +infrastructure +warning +covered +host$" \
           "HighMemoryUsage +infrastructure +warning +covered +host$" \
           "DiskSpaceLow +infrastructure +warning +covered +host$"; do
  expect_out "^  $row" "covered: $row"
done
expect_out "by severity: critical 2 of 2, warning 7 of 7" "counts per severity"
pass "merged with run --all: every shipped rule covered, by the scenarios that expect it"

# The merged file merges again, to the same verdict; a file that is not one is exit 2.
obsctl_run again coverage "$WORK/merged.json" --min-coverage 100
expect_rc 0 "the merged file"
expect_out "^rule coverage: 9 of 9 alerting rules" "the merged file reads back"
obsctl_run broken coverage "$DIR/coverage-errors.json" "$0"
expect_rc 2 "not a coverage file"
expect_out "coverage_test.sh: not an obsctl coverage file" "names the file"
pass "the merged file reads back; a file that is not one is exit 2 naming it"
