#!/usr/bin/env bash
# --grafana and the live alert states: a real errors run on a time-scaled local stack, on a
# terminal, shows HighErrorRate's state on its progress line and posts its annotations to a
# recording stand-in of Grafana's HTTP API (no Grafana can run here); every payload is checked
# against Grafana's documented schema and against the run's report. An unreachable Grafana is
# exit 3 naming its URL before anything starts; the token never shows.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
TOOLS="$ROOT/.tools/npm"
[[ -d "$TOOLS/node_modules/ajv" ]] || fail "ajv missing: run scripts/install-deps.sh"
TOKEN="glsa_obsctlTestToken_5e3f1c"
echo "$TOKEN" >"$WORK/token"

DEAD=$(free_port)
obsctl_run dead run errors --local-stack --no-node-exporter --time-scale 0.1 \
  --grafana "http://127.0.0.1:$DEAD" --grafana-token-file "$WORK/token"
expect_rc 3 "unreachable Grafana"
expect_out "127.0.0.1:$DEAD/api/health: Grafana unreachable" "the URL named"
grep -q "stack up\|prometheus ready" "$OUT" && fail "the stack started before Grafana was checked"
pass "an unreachable Grafana is exit 3 naming http://127.0.0.1:$DEAD, before the stack starts"

PORT=$(free_port)
start grafana node "$ROOT/tests/grafana/recorder.mjs" "$PORT" "$WORK/received.jsonl"
wait_for 10 curl -sf "http://127.0.0.1:$PORT/api/health"
# On a terminal (script(1) gives it one), so the progress line shows the alert's live state.
set +e
script -qefc "$OBSCTL run errors --local-stack --no-node-exporter --time-scale 0.1 --report $WORK/run.json \
  --grafana http://127.0.0.1:$PORT --grafana-token-file $WORK/token" "$WORK/run.out" >/dev/null
RC=$?
set -e
OUT="$WORK/run.out"
expect_rc 0 "errors with --grafana"
# The progress line, redrawn in place: HighErrorRate seen pending, then firing and routed.
tr '\r' '\n' <"$OUT" >"$WORK/lines.out"
grep -qE "achieved .*\| HighErrorRate pending [0-9.]+m?s" "$WORK/lines.out" || { cat "$WORK/lines.out"; fail "no live pending state"; }
grep -qE "achieved .*\| HighErrorRate firing [0-9.]+m?s -> oncall" "$WORK/lines.out" || { cat "$WORK/lines.out"; fail "no live firing state"; }
pass "on a terminal the progress line showed HighErrorRate pending, then firing -> oncall"
expect_out "grafana: [0-9]+ annotations posted to http://127.0.0.1:$PORT" "the posts reported"
cp "$ROOT/tests/grafana/check_annotations.mjs" "$TOOLS/check_annotations.mjs"
node "$TOOLS/check_annotations.mjs" "$ROOT/tests/data/grafana/post_annotations.schema.json" \
  "$WORK/received.jsonl" "$WORK/run.json" "$TOKEN" || fail "the annotations"
if grep -rq "$TOKEN" "$WORK"/*.out "$WORK/run.json"; then fail "the token leaked"; fi
pass "phases, HighErrorRate firing and resolved, the verdict: posted as Grafana documents them"

# The shipped dashboard's annotation query (Grafana's built-in annotations, filtered by tags,
# matchAny false: every tag must be on the annotation) matches each annotation posted.
python3 - "$ROOT/stack/grafana/dashboards/obsctl-demo.json" "$WORK/received.jsonl" <<'PY' || fail "dashboard annotations"
import json, sys
queries = [a for a in json.load(open(sys.argv[1]))["annotations"]["list"]
           if a.get("target", {}).get("type") == "tags" and a.get("enable")]
assert queries, "the dashboard has no enabled tag annotation query"
wanted = set(queries[0]["target"]["tags"])
posted = [json.loads(json.loads(l)["body"]) for l in open(sys.argv[2])]
missing = [p["text"] for p in posted if not wanted <= set(p["tags"])]
assert not missing, f"not shown on the dashboard: {missing}"
print(f"ok: the dashboard's annotation query ({sorted(wanted)}) shows all {len(posted)}")
PY
