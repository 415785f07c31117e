#!/usr/bin/env bash
# The HTML report of a real run (e2e_errors: the errors scenario on a time-scaled local stack,
# written with --report and --html) opened in headless Chromium: no console error, no network
# request, the verdict first, every chart drawn; its data is the JSON report's; `obsctl report
# html` renders the same page from the JSON. The screenshot is kept as a test artifact.
#   html_report_test.sh REPORT.json PAGE.html SCREENSHOT.png
source "$(dirname "$0")/stacks/lib.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="$ROOT/.tools/npm"
REPORT=$1 PAGE=$2 SHOT=$3
[[ -d "$TOOLS/node_modules/puppeteer-core" ]] || fail "puppeteer-core missing: run scripts/install-deps.sh"
[[ -s "$REPORT" && -s "$PAGE" ]] || fail "e2e_errors wrote no $REPORT / $PAGE"

"$OBSCTL" report html "$REPORT" --html "$WORK/again.html" || fail "obsctl report html"
cmp -s "$PAGE" "$WORK/again.html" || fail "report html renders another page than run --html"
pass "obsctl report html renders the page run --html wrote"

python3 - "$REPORT" "$PAGE" <<'PY' || fail "the page's data is not the report's"
import json, math, re, sys
report = json.load(open(sys.argv[1]))
page = open(sys.argv[2]).read()
data = json.loads(re.search(r'<script type="application/json" id="obsctl-data">(.*?)</script>', page, re.S).group(1))
seconds = data["seconds"]
assert len(seconds) == math.ceil(report["elapsed_seconds"]), (len(seconds), report["elapsed_seconds"])
total = report["total"]
assert sum(s["sent"] for s in seconds) == total["sent"], "sent"
for c in ("2xx", "5xx"):
    assert sum(s[c] for s in seconds) == total["responses"][c], c
assert sum(s["scheduled"] for s in seconds) == total["sent"] + total["dropped"], "scheduled"
alert = report["verification"]["alerts"][0]
band = {b["state"]: b["from"] for b in data["alerts"][0]["bands"]}
for s in alert["states"]:
    if s["state"] != "resolved_delivered":
        assert abs(band[s["state"]] - s["at_ms"] / 1000) < 1e-9, s
assert [s["state"] for s in alert["states"]][:2] == ["pending", "firing"], alert["states"]
# One verdict: the page's word and counts are the report's (and so the terminal's and JUnit's).
assert data["verdict"] == report["verdict"]["word"], (data["verdict"], report["verdict"])
assert data["checks"] == report["verdict"]["checks"], (data["checks"], report["verdict"]["checks"])
assert f'<span class="counts">{report["verdict"]["text"]}</span>' in page, report["verdict"]["text"]
print(f"ok: {len(seconds)} seconds, {total['sent']} sent, bands at {sorted(band.values())}")
PY

cp "$(dirname "$0")/../html/check_page.mjs" "$TOOLS/check_page.mjs"
# The shipped configuration pages oncall through Slack: its message is a card on the page.
node "$TOOLS/check_page.mjs" "$PAGE" "$SHOT" --expect-card "[FIRING:1] HighErrorRate on demoapp" ||
  fail "Chromium"
pass "Chromium: no console error, no request, charts drawn, the Slack message's card; screenshot $SHOT"
