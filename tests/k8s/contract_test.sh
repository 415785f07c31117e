#!/usr/bin/env bash
# stack/k8s is a contract, tested here without a cluster:
# 1. `kubectl kustomize stack/k8s` renders, and every object validates against Kubernetes'
#    schemas (npm's kubernetes-models, offline);
# 2. each worker's container command, exactly as the rendered Indexed Job spells it (the
#    image's ENTRYPOINT, the args with $(VAR) expanded from the container's env, the
#    ConfigMaps' data, JOB_COMPLETION_INDEX set per index), runs locally for every index
#    against demoapp and a Pushgateway; only the env values that name cluster services and
#    paths are pointed at local ones;
# 3. together the workers send the scenario exactly (demoapp's counters = the merged report),
#    and the Pushgateway holds one group per worker.
source "$(dirname "$0")/../e2e/stacks/lib.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="$ROOT/.tools/npm"
[[ -d "$TOOLS/node_modules/kubernetes-models" ]] || fail "kubernetes-models missing: run scripts/install-deps.sh"

kubectl kustomize "$ROOT/stack/k8s" >"$WORK/rendered.yaml" || fail "kubectl kustomize stack/k8s"
cp "$(dirname "$0")/validate.mjs" "$TOOLS/validate.mjs"
node "$TOOLS/validate.mjs" "$WORK/rendered.yaml" >"$WORK/validate.log" 2>&1 || { cat "$WORK/validate.log"; fail "schema"; }
pass "stack/k8s renders $(grep -c '^ok' "$WORK/validate.log") objects, each valid against Kubernetes' schemas"

APP_PORT=$(free_port); PG_PORT=$(free_port)
start_demoapp
start pushgateway prometheus-pushgateway --web.listen-address="127.0.0.1:$PG_PORT" \
  --persistence.file="$WORK/pushgateway.data"
wait_for 20 curl -sf "http://127.0.0.1:$PG_PORT/-/ready"
mkdir -p "$WORK/reports"

# Every worker's command line, one per index, as a JSON list; and N and the scenario.
python3 - "$WORK/rendered.yaml" "$ROOT/stack/docker/obsctl.Dockerfile" "$WORK" "$OBSCTL" \
  "http://127.0.0.1:$APP_PORT" "http://127.0.0.1:$PG_PORT" <<'PY' >"$WORK/commands.txt"
import json, re, sys, time, yaml
rendered, dockerfile, work, obsctl, app, pushgateway = sys.argv[1:]
docs = [d for d in yaml.safe_load_all(open(rendered)) if d]
configmaps = {d["metadata"]["name"]: d.get("data", {}) for d in docs if d["kind"] == "ConfigMap"}
job = next(d for d in docs if d["kind"] == "Job" and d["spec"].get("completionMode") == "Indexed")
spec = job["spec"]
assert spec["parallelism"] == spec["completions"], "workers must all run at once"
n = spec["completions"]
container = spec["template"]["spec"]["containers"][0]
entrypoint = json.loads(re.search(r"^ENTRYPOINT\s+(\[.*\])", open(dockerfile).read(), re.M).group(1))
assert entrypoint == ["obsctl"], entrypoint
scenario_cm = next(v for k, v in configmaps.items() if k.startswith("obsctl-scenario"))
open(f"{work}/scenario.yaml", "w").write(scenario_cm["scenario.yaml"])
# Only what names the cluster's services, paths and the start time is replaced.
local = {"TARGET_URL": app, "PUSHGATEWAY_URL": pushgateway, "REPORT_DIR": f"{work}/reports",
         "SCENARIO": f"{work}/scenario.yaml", "START_AT": f"{time.time() + 5:.3f}", "TIME_SCALE": "0.05"}
for index in range(n):
    env = {}
    for source in container.get("envFrom", []):
        env.update(configmaps[source["configMapRef"]["name"]])
    for e in container.get("env", []):
        if "value" in e:
            env[e["name"]] = e["value"]
        elif e["valueFrom"]["fieldRef"]["fieldPath"] == \
                "metadata.annotations['batch.kubernetes.io/job-completion-index']":
            env[e["name"]] = str(index)  # what the Job controller sets
        else:
            raise SystemExit("unknown env source: " + json.dumps(e))
    assert int(env["SEGMENTS"]) == n, f"SEGMENTS {env['SEGMENTS']} but {n} completions"
    env.update(local)
    # Kubernetes' expansion: $(VAR) of a defined variable, $$ for a literal $.
    expand = lambda a: re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                              lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)), a)
    argv = [obsctl] + [expand(a) for a in container.get("command", [])[1:] + container["args"]]
    unexpanded = [a for a in argv if "$(" in a]
    assert not unexpanded, f"unexpanded variables: {unexpanded}"
    print(json.dumps(argv))
PY
N=$(wc -l <"$WORK/commands.txt")
[[ $N -ge 2 ]] || fail "no worker commands"
i=0
while read -r argv; do
  python3 -c 'import json, os, sys; a = json.loads(sys.argv[1]); os.execv(a[0], a)' "$argv" \
    >"$WORK/worker-$i.out" 2>&1 &
  PIDS+=($!); i=$((i + 1))
done <"$WORK/commands.txt"
for pid in "${PIDS[@]: -$N}"; do wait "$pid" || { cat "$WORK"/worker-*.out; fail "a worker failed"; }; done
grep -q -- "--segment" <<<"$(head -1 "$WORK/commands.txt")" || fail "the worker command has no --segment"
pass "the rendered Job's command ran for each of $N indexes"

obsctl_run merge report merge "$WORK/reports" --report "$WORK/merged.json"
expect_rc 0 "merge of the workers' reports"
expect_out "ok    segments +all $N segments merged" "every index sent its segment"
sent=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['total']['sent'])" "$WORK/merged.json")
counted=$(curl -sf "http://127.0.0.1:$APP_PORT/metrics" |
  awk '/^http_requests_total\{/ && /endpoint="\/(api\/error|api\/users\/<id>)"/ { s += $NF } END { printf "%d", s }')
[[ $sent -eq $counted ]] || fail "the workers' merged report says $sent sent, demoapp counted $counted"
groups=$(curl -sf "http://127.0.0.1:$PG_PORT/metrics" | grep -o 'instance="cluster-errors-[0-9]*of[0-9]*"' | sort -u | wc -l)
[[ $groups -eq $N ]] || fail "the Pushgateway holds $groups worker groups, expected $N"
pass "$N workers sent $sent requests between them, exactly what demoapp counted; $groups groups pushed"
