#!/usr/bin/env bash
# Why an expected alert did not fire, said from the live Prometheus: a rule whose matcher names a
# label the metric does not have (a warning in the preflight, the reason in the failure, with
# the labels that exist), and a rule whose threshold the traffic cannot reach (its expression's
# peak against the threshold, and how long the condition held against `for`).
source "$(dirname "$0")/lib.sh"

cat >"$WORK/rules.yml" <<'YAML'
groups:
  - name: mine
    rules:
      # demoapp's label is "status": "code" is the classic typo (and the Flask exporter's name).
      - alert: ErrorsByCode
        expr: sum(rate(http_requests_total{job="demoapp", code=~"5.."}[1m])) > 0.1
        for: 1m
      # /api/error fails about a third of the time: never 90% of all traffic.
      - alert: MostlyErrors
        expr: |
          sum(rate(http_requests_total{job="demoapp", status=~"5.."}[1m]))
            / sum(rate(http_requests_total{job="demoapp"}[1m])) > 0.9
        for: 1m
YAML
cat >"$WORK/s.yaml" <<'YAML'
name: unreachable
description: Half errors, half users, for a minute.
target: http://localhost:5002
seed: 3
requests:
  - {name: error, path: /api/error, weight: 1}
  - {name: user, path: "/api/users/{{randint 1 100}}", weight: 1}
phases:
  - {name: half, duration: 2m, rate: 20}
expect:
  quiet: false
  resolve: false
  fire:
    - {alert: ErrorsByCode, within: 3m}
    - {alert: MostlyErrors, within: 3m}
YAML
obsctl_run why run "$WORK/s.yaml" --local-stack --no-node-exporter --time-scale 0.1 --rules "$WORK/rules.yml" \
  --junit "$WORK/junit.xml" --report "$WORK/report.json" --html "$WORK/report.html"
expect_rc 1 "two alerts that cannot fire"
expect_out 'WARN  selectors ErrorsByCode +http_requests_total has no label "code"; it has .*status' \
  "the misspelt label, before the traffic"
expect_out 'FAIL  fire ErrorsByCode +never fired' "ErrorsByCode failed"
expect_out 'why: http_requests_total has no label "code"; it has .*method.*status' \
  "the failure names the label and the labels that exist"
pass "a misspelt label is named, with the labels that exist"

expect_out 'FAIL  fire MostlyErrors +never fired' "MostlyErrors failed"
expect_out 'why: sum\(rate\(http_requests_total\{job="demoapp",status=~"5.."\}\[6s\]\)\) / sum\(rate\(http_requests_total\{job="demoapp"\}\[6s\]\)\) peaked at 0\.[0-9]+ at \+[0-9.]+s; the rule needs > 0\.9' \
  "the expression's peak against the threshold"
expect_out 'why: the condition was never true during the run' "never true"
grep -q 'why: http_requests_total has no label' "$WORK/junit.xml" || fail "the JUnit failure lacks the reason"
python3 - "$WORK/report.json" <<'PY' || fail "the JSON report lacks the reasons"
import json, sys
alerts = json.load(open(sys.argv[1]))["verification"]["alerts"]
why = {a["alert"]: a["checks"][0].get("why", []) for a in alerts}
assert any('no label "code"' in w for w in why["ErrorsByCode"]), why
assert any("peaked at" in w for w in why["MostlyErrors"]), why
PY
pass "an unreachable threshold is named with the expression's peak, in the output, JUnit and JSON"

# Failed and skipped checks counted the same by the terminal, the JSON, JUnit and the page, and
# the page opened in Chromium (its counts as the browser renders them).
python3 "$(dirname "$0")/../verdict_agrees.py" "$WORK/why.out" "$WORK/report.json" \
  "$WORK/junit.xml" "$WORK/report.html" || fail "the outputs disagree"
python3 - "$WORK/report.json" <<'PY' || fail "not the failed and skipped checks expected"
import json, sys
c = json.load(open(sys.argv[1]))["verdict"]["checks"]
assert c["failed"] == 2 and c["skipped"] >= 2 and c["passed"] >= 1, c
PY
TOOLS="$(cd "$(dirname "$0")/../../.." && pwd)/.tools/npm"
cp "$(dirname "$0")/../../html/check_page.mjs" "$TOOLS/check_page.mjs"
node "$TOOLS/check_page.mjs" "$WORK/report.html" "$WORK/why.png" \
  --expect-verdict "unreachable: FAILED" --min-bands 2 \
  --expect-counts "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"]["text"])' "$WORK/report.json")" \
  || fail "Chromium"
pass "failed and skipped checks: the same counts on the terminal, in JSON, JUnit and the page (Chromium)"
