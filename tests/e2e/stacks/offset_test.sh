#!/usr/bin/env bash
# A rule with `offset` and a subquery on a time-scaled stack: both are scaled with the rule's
# windows, so the rule fires when its condition holds (errors now, and errors 2m ago in the
# rule's own time). Left at 2m, the offset would look back before the traffic began, and the
# alert could never fire in the run.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"

mkdir -p "$WORK/rules"
cat >"$WORK/rules/persist.yml" <<'YAML'
groups:
  - name: persist
    rules:
      - alert: ErrorsPersist
        expr: |
          sum(rate(http_requests_total{job="demoapp", status=~"5.."}[1m] offset 2m)) > 0.5
          and
          max_over_time(sum(rate(http_requests_total{job="demoapp", status=~"5.."}[1m]))[2m:15s]) > 1
        for: 30s
        labels: {severity: critical}
YAML
sed 's/{alert: HighErrorRate, labels: {severity: critical}, receiver: oncall}/{alert: ErrorsPersist, labels: {severity: critical}, receiver: oncall}/' \
  "$ROOT/scenarios/errors.yaml" >"$WORK/errors.yaml"
grep -q "alert: ErrorsPersist" "$WORK/errors.yaml" || fail "the scenario was not rewritten"

# The rendered rule: the offset, the range and the subquery all scaled by 0.1.
"$OBSCTL" stack render --rules "$WORK/rules" --time-scale 0.1 --out "$WORK/rendered" >/dev/null
grep -q 'offset 12s' "$WORK/rendered/rules/persist.yml" || { cat "$WORK/rendered/rules/persist.yml"; fail "offset not scaled"; }
grep -q '\[12s:2s\]' "$WORK/rendered/rules/persist.yml" || { cat "$WORK/rendered/rules/persist.yml"; fail "subquery not scaled"; }

obsctl_run offset run "$WORK/errors.yaml" --local-stack --no-node-exporter --time-scale 0.1 --rules "$WORK/rules" \
  --report "$WORK/run.json"
expect_rc 0 "a rule with offset and a subquery on a scaled stack"
expect_out "PASS  fire ErrorsPersist" "it fired"
expect_out "PASS  resolve ErrorsPersist" "it resolved"
pass "offset and subquery scaled: ErrorsPersist fired and resolved at time scale 0.1"
