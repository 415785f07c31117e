#!/usr/bin/env bash
# Memory of a long run with its per-second series: obsctl at 30k req/s (three request names)
# against nginx on loopback for 1 minute and for MINUTES (default 10), each with --report and
# --html, each under /usr/bin/time. Prints the peak resident set of both (the end, when the
# report and the page are written, included), the growth per minute between them and the
# 1-hour figure that straight line gives (goal: under 50 MB; an overestimate, as the fixed
# costs are in the slope too: `bench/series_memory.sh 60` measures it), the series' rows and
# the report and page sizes.          bench/series_memory.sh [MINUTES]
minutes=${1:-10}
source "$(dirname "$0")/lib.sh"
bench_obsctl

run() { # minutes -> "peak_kib sent dropped rows report_bytes html_bytes"
  local m=$1
  printf 'name: m%s\nmax_in_flight: 400\nrequests:\n  - {name: home, path: /, weight: 6}\n  - {name: api, path: /api, weight: 3}\n  - {name: slow, path: /slow, weight: 1}\nphases: [{name: hold, duration: %sm, rate: 30000}]\n' \
    "$m" "$m" > "$work/m$m.yaml"
  /usr/bin/time -f "%M" -o "$work/m$m.time" taskset -c 1 $obsctl run "$work/m$m.yaml" --target "$url" \
    --quiet --no-verify --report "$work/m$m.json" --html "$work/m$m.html" >/dev/null
  python3 - "$work/m$m.json" "$(cat "$work/m$m.time")" "$(stat -c %s "$work/m$m.json")" "$(stat -c %s "$work/m$m.html")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(sys.argv[2], d["total"]["sent"], d["total"]["dropped"], len(d["series"]["rows"]), sys.argv[3], sys.argv[4])
PY
}

echo "obsctl at 30,000 req/s, 3 request names, nginx on core 0, obsctl on core 1; $(nproc) cores"
one=$(run 1)
many=$(run "$minutes")
python3 - "$minutes" "$one" "$many" <<'PY'
import sys
m = int(sys.argv[1])
rows = [(1, *map(int, sys.argv[2].split())), (m, *map(int, sys.argv[3].split()))]
for mins, kib, sent, dropped, n, report, page in rows:
    print(f"{mins:4d} min: peak resident {kib / 1024:6.1f} MB, sent {sent:9d}, dropped {dropped:6d}, "
          f"{n:6d} series rows, report {report / 1048576:6.1f} MB, page {page / 1048576:5.2f} MB")
slope = (rows[1][1] - rows[0][1]) / 1024 / (m - 1)
print(f"growth {slope:.2f} MB a minute; 1 hour at 30k/s: about {rows[0][1] / 1024 + 59 * slope:.1f} MB "
      "peak resident (goal < 50 MB)")
PY
