#!/usr/bin/env python3
"""One verdict, told the same everywhere: the terminal's verdict line, the JSON report, the
JUnit file and (when given) the HTML page say the same word and the same counts.
  verdict_agrees.py TERMINAL_OUTPUT REPORT.json JUNIT.xml [PAGE.html]
Prints what it compared; exits 1 naming the first disagreement."""
import html
import json
import re
import sys
import xml.etree.ElementTree as ET


def main(out_file, report_file, junit_file, page_file=None):
    out = open(out_file).read()
    report = json.load(open(report_file))
    verdict = report["verdict"]
    word, text, counts = verdict["word"], verdict["text"], verdict["checks"]
    name = report["scenario"]
    problems = []
    if report["exit_code"] != verdict["exit_code"]:
        problems.append(f"JSON exit_code {report['exit_code']} != verdict {verdict['exit_code']}")
    if report["interrupted"] != (word == "INTERRUPTED"):
        problems.append(f"JSON interrupted {report['interrupted']} but the word is {word}")
    outcomes = {}
    checks = [c for a in report.get("verification", {}).get("alerts", []) for c in a["checks"]]
    if "verification" in report:
        checks += [report["verification"]["quiet"]] + report["verification"]["queries"]
    checks += report.get("merge_checks", [])
    for c in checks:
        outcomes[c["outcome"]] = outcomes.get(c["outcome"], 0) + 1
    # Thresholds are counted by the verdict (not judged when the traffic was cut short).
    for key in ("failed", "skipped", "inconclusive"):
        if outcomes.get(key, 0) > counts[key]:
            problems.append(f"JSON checks say {outcomes.get(key, 0)} {key}, the verdict {counts[key]}")
    line = re.search(rf"^{re.escape(name)}: {word}\b.*\(([^()]*)\)", out, re.M)
    if not line or line.group(1) != text:
        problems.append(f"terminal: no line '{name}: {word} ... ({text})' in\n{out[-1500:]}")
    suite = ET.parse(junit_file).getroot().find("testsuite")
    interrupted = 1 if word == "INTERRUPTED" else 0
    want = {"tests": counts["total"] + interrupted, "failures": counts["failed"],
            "errors": counts["inconclusive"] + interrupted,
            "skipped": counts["skipped"] + counts["not_judged"]}
    got = {k: int(suite.get(k)) for k in want}
    if got != want:
        problems.append(f"JUnit {got}, the verdict's {want}")
    if interrupted and suite.find("testcase[@name='interrupted']/error") is None:
        problems.append("JUnit has no <error> case 'interrupted'")
    if page_file:
        page = open(page_file).read()
        if f"<h1>{html.escape(name)}: {word}</h1>" not in page:
            problems.append(f"the page's heading is not '{name}: {word}'")
        shown = re.search(r'<span class="counts">(.*?)</span>', page)
        if not shown or html.unescape(shown.group(1)) != text:
            problems.append(f"the page's counts {shown and shown.group(1)!r} != {text!r}")
        data = json.loads(re.search(r'<script type="application/json" id="obsctl-data">(.*?)</script>',
                                    page, re.S).group(1).replace("<\\/", "</"))
        if data["verdict"] != word or data["checks"] != counts:
            problems.append(f"the page's data {data['verdict']} {data['checks']} != {word} {counts}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"one verdict: {name}: {word} ({text}); JUnit {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
