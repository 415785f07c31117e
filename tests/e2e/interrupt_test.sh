#!/usr/bin/env bash
# Ctrl-C and --fail-fast on a time-scaled local stack (run --local-stack --time-scale 0.1):
#  1. SIGINT a few seconds into the errors scenario's traffic: exit 130, every report written,
#     stopped at "traffic", nothing failed (no deadline had passed), the rest not judged;
#  2. SIGINT once the traffic is over and obsctl waits for the alert verdicts: exit 130,
#     stopped at "wait", fire HighErrorRate passed or not judged, never failed;
#  3. --fail-fast on a scenario expecting an alert its traffic cannot cause, within 70s (7 s
#     at this scale) of a 60 s traffic: exit 1 a few seconds after that deadline, FAILED, the
#     report naming the check that ended it.
# Each time the terminal's verdict line, the JSON's verdict, the JUnit file and the page agree.
#   interrupt_test.sh   (OBSCTL set by ctest)
source "$(dirname "$0")/stacks/lib.sh"
AGREE="$(dirname "$0")/verdict_agrees.py"

# run_bg NAME ARGS...: obsctl in the background, output in $WORK/NAME.out (OUT), pid in RUN (the
# obsctl process itself: SIGINT goes to it, not to a shell); returns when the traffic starts.
run_bg() {
  local name=$1; shift
  OUT="$WORK/$name.out"
  "$OBSCTL" "$@" >"$OUT" 2>&1 &
  RUN=$!
  PIDS+=("$RUN")
  wait_for 90 grep -q "expected alerts inactive  " "$OUT"
  STARTED=$SECONDS
}
# exited PID: the process is gone or a zombie (kill -0 still succeeds on a zombie).
exited() { local s; s=$(ps -o stat= -p "$1") || return 0; [[ $s == Z* ]]; }
# reap SECONDS: waits for obsctl to end, exit code in RC.
reap() {
  wait_for "$1" exited "$RUN"
  set +e; wait "$RUN"; RC=$?; set -e
}
# Nothing of the run's stack (its config and data live under XDG_STATE_HOME) outlives obsctl.
stack_stopped() { ! pgrep -f "$XDG_STATE_HOME/obsctl/run" >/dev/null; }

# check_reports NAME STEP: the JSON, JUnit and page of run NAME, interrupted during STEP.
check_interrupted() {
  local name=$1 step=$2
  python3 - "$OUT" "$WORK/$name.json" "$WORK/$name.xml" "$WORK/$name.html" "$step" <<'PY'
import html, json, re, sys
import xml.etree.ElementTree as ET
out, report, junit, page, step = sys.argv[1:]
out = open(out).read()
doc = json.load(open(report))
v, stop = doc["verdict"], doc["stopped"]
assert doc["interrupted"] is True, doc["interrupted"]
assert doc["exit_code"] == 130 and v["exit_code"] == 130, (doc["exit_code"], v["exit_code"])
assert v["word"] == "INTERRUPTED", v
assert stop and stop["step"] == step and stop["reason"] == "interrupted", stop
# No deadline had passed when the run was stopped: nothing is failed, the rest not judged.
outcomes = {}
def walk(o):
    if isinstance(o, dict):
        if "outcome" in o:
            outcomes.setdefault(o["outcome"], []).append(o.get("name"))
        for x in o.values():
            walk(x)
    elif isinstance(o, list):
        for x in o:
            walk(x)
walk(doc)
assert "failed" not in outcomes and v["checks"]["failed"] == 0, (outcomes, v)
assert v["checks"]["not_judged"] > 0, v
fire = [c for a in doc["verification"]["alerts"] for c in a["checks"]
        if c["name"] == "fire HighErrorRate"]
assert len(fire) == 1 and fire[0]["outcome"] in ("passed", "not_judged"), fire
# One string everywhere: the terminal's last verdict line, the JSON, JUnit and the page.
lines = re.findall(r"^errors: [A-Z].*$", out, re.M)
want = f"errors: INTERRUPTED {stop['text']} ({v['text']}); the reports hold what was seen until then"
assert lines and lines[-1] == want, (lines[-1:], want)
suite = ET.parse(junit).getroot().find("testsuite")
assert suite.get("failures") == "0", suite.attrib
errors = suite.findall("testcase[@name='interrupted']/error")
assert len(errors) == 1, ET.tostring(suite)[:2000]
assert errors[0].get("message") == f"interrupted {stop['text']} ({v['text']})", errors[0].attrib
assert suite.findall("testcase/failure") == [], "a JUnit failure"
page = open(page).read()
assert "<h1>errors: INTERRUPTED</h1>" in page, "no INTERRUPTED heading"
counts = re.search(r'<span class="counts">(.*?)</span>', page)
assert counts and html.unescape(counts.group(1)) == v["text"], (counts and counts.group(1), v["text"])
print(f"ok: {lines[-1]}; outcomes {outcomes}")
PY
}

# 1. Ctrl-C during the traffic (27 s of it at this scale; HighErrorRate's fire deadline +50 s).
run_bg traffic run errors --local-stack --no-node-exporter --time-scale 0.1 --report "$WORK/traffic.json" \
  --junit "$WORK/traffic.xml" --html "$WORK/traffic.html"
sleep 8
grep -q "^errors against " "$OUT" && fail "the traffic ended before the interrupt: $(cat "$OUT")"
kill -INT "$RUN"
reap 60
expect_rc 130 "SIGINT during the traffic"
expect_out "^errors against .*\(interrupted\)$" "the summary says the traffic was interrupted"
expect_out "^    NOT JUDGED  fire HighErrorRate " "fire HighErrorRate not judged"
check_interrupted traffic traffic || { cat "$OUT"; fail "SIGINT during the traffic: reports"; }
python3 "$AGREE" "$OUT" "$WORK/traffic.json" "$WORK/traffic.xml" "$WORK/traffic.html" ||
  fail "SIGINT during the traffic: the outputs disagree"
wait_for 10 stack_stopped
pass "SIGINT during the traffic: exit 130, stopped at traffic, nothing failed, reports agree"

# 2. Ctrl-C while obsctl waits for the alert verdicts (the traffic is over).
run_bg wait run errors --local-stack --no-node-exporter --time-scale 0.1 --report "$WORK/wait.json" \
  --junit "$WORK/wait.xml" --html "$WORK/wait.html"
wait_for 90 grep -q "^waiting for alert verdicts" "$OUT"
kill -INT "$RUN"
reap 60
expect_rc 130 "SIGINT while waiting for the verdicts"
check_interrupted wait wait || { cat "$OUT"; fail "SIGINT while waiting: reports"; }
python3 "$AGREE" "$OUT" "$WORK/wait.json" "$WORK/wait.xml" "$WORK/wait.html" ||
  fail "SIGINT while waiting: the outputs disagree"
wait_for 10 stack_stopped
pass "SIGINT while waiting for the verdicts: exit 130, stopped at wait, nothing failed, reports agree"

# 3. --fail-fast: ApplicationDown (up == 0 for 1m) cannot fire while demoapp answers, surely not
# within 70s x 0.1 + 1 s of --slack = 8 s; the traffic would last 10m x 0.1 = 60 s. (A within
# shorter than the rule's for + one evaluation, 6 s + 1 s here, is a scenario error the
# preflight refuses.)
cat >"$WORK/failfast.yaml" <<'YAML'
name: failfast
description: Light, fast traffic for 10 minutes; expects ApplicationDown within 70s, which it cannot cause.
seed: 7
requests:
  - {name: user, path: "/api/users/{{randint 1 100}}"}
phases:
  - {name: steady, duration: 10m, rate: 5}
thresholds:
  - {metric: latency, stat: p95, below: 800ms}
expect:
  fire:
    - {alert: ApplicationDown, within: 70s}
YAML
run_bg failfast run "$WORK/failfast.yaml" --local-stack --no-node-exporter --time-scale 0.1 --slack 1s --fail-fast \
  --report "$WORK/failfast.json" --junit "$WORK/failfast.xml" --html "$WORK/failfast.html"
reap 60
TOOK=$((SECONDS - STARTED))
expect_rc 1 "--fail-fast"
[[ $TOOK -lt 20 ]] || { cat "$OUT"; fail "--fail-fast: the run ended ${TOOK}s after the traffic began"; }
expect_out "^    FAIL  fire ApplicationDown " "fire ApplicationDown failed"
python3 - "$OUT" "$WORK/failfast.json" "$WORK/failfast.xml" "$WORK/failfast.html" <<'PY' ||
import html, json, re, sys
import xml.etree.ElementTree as ET
out, report, junit, page = sys.argv[1:]
out = open(out).read()
doc = json.load(open(report))
v, stop = doc["verdict"], doc["stopped"]
assert doc["exit_code"] == 1 and v["exit_code"] == 1 and v["word"] == "FAILED", (doc["exit_code"], v)
assert doc["interrupted"] is False, doc["interrupted"]
assert stop and stop["reason"].startswith("--fail-fast:") and "fire ApplicationDown" in stop["reason"], stop
# Ended within seconds of the 8 s deadline, long before the 60 s of traffic.
assert stop["step"] == "traffic" and stop["at_ms"] is not None and stop["at_ms"] < 12000, stop
assert doc["elapsed_seconds"] < 15, doc["elapsed_seconds"]
fire = [c for a in doc["verification"]["alerts"] for c in a["checks"] if c["name"] == "fire ApplicationDown"]
assert len(fire) == 1 and fire[0]["outcome"] == "failed", fire
assert v["checks"]["failed"] == 1, v
# The traffic was cut short: its threshold says nothing, it is not judged (not passed).
assert [t["outcome"] for t in doc["thresholds"]] == ["not_judged"], doc["thresholds"]
assert doc["traffic_halted"] is True, doc["traffic_halted"]
line = re.findall(r"^failfast: [A-Z].*$", out, re.M)
assert line and line[-1].startswith("failfast: FAILED") and f"({v['text']})" in line[-1], (line[-1:], v)
suite = ET.parse(junit).getroot().find("testsuite")
assert suite.get("failures") == "1", suite.attrib
assert suite.find("testcase[@name='fire ApplicationDown']/failure") is not None, ET.tostring(suite)[:2000]
assert suite.find("testcase[@name='interrupted']") is None, "an interrupted case in a --fail-fast run"
page = open(page).read()
assert "<h1>failfast: FAILED</h1>" in page, "no FAILED heading"
counts = re.search(r'<span class="counts">(.*?)</span>', page)
assert counts and html.unescape(counts.group(1)) == v["text"], (counts and counts.group(1), v["text"])
print(f"ok: {line[-1]}; stopped {stop}")
PY
  { cat "$OUT"; fail "--fail-fast: reports"; }
python3 "$AGREE" "$OUT" "$WORK/failfast.json" "$WORK/failfast.xml" "$WORK/failfast.html" ||
  fail "--fail-fast: the outputs disagree"
wait_for 10 stack_stopped
pass "--fail-fast: exit 1 ${TOOK}s into a 60 s traffic, stopped by fire ApplicationDown, reports agree"
