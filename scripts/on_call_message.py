"""Prints the first message the person on call read in each run report obsctl wrote (the
Slack message, the email, ...), as scripts/demo.sh ends.
   python3 scripts/on_call_message.py REPORT.json..."""
import json
import sys

for path in sys.argv[1:]:
    try:
        doc = json.load(open(path))
    except (OSError, ValueError):
        continue
    for alert in (doc.get("verification") or {}).get("alerts", []):
        firing = [n for n in alert.get("notifications", []) if n["status"] != "resolved"]
        read = [n for n in firing if n["integration"] != "webhook"] or firing
        if not read:
            continue
        n = read[0]
        print(f"\nWhat the person on call read for {alert['alert']} "
              f"({n['receiver']}, {n['integration']}, +{n['at_ms'] / 1000:.1f}s):")
        for field in n["fields"]:
            if field["name"] in ("color", "body"):
                continue
            lines = field["value"].splitlines() or [""]
            print(f"  {field['name']:>8}: {lines[0]}")
            for line in lines[1:]:
                print(f"  {'':>8}  {line}")
