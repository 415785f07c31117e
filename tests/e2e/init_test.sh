#!/usr/bin/env bash
# `obsctl init` as a newcomer uses it, in an empty directory.
# Usage: init_test.sh files|scenario|rules (OBSCTL and PROMTOOL, AMTOOL set by ctest)
#   files:    what init writes where, refusing to overwrite, --force, `-` to stdout (no stack)
#   scenario: the scenario validates, and the command init prints passes on the local stack
#   rules:    init --rules: promtool and amtool accept the files, the scenario validates against
#             the rules, and the command init prints passes on the local stack with them
source "$(dirname "$0")/stacks/lib.sh"
MODE=$1
cd "$WORK"

# The `obsctl run ...` line init printed, run as printed (without node-exporter: a busy CI
# machine's real CPU would fire the shipped HighCPUUsage).
run_printed() {
  local line
  line=$(grep -E '^  obsctl run ' "$WORK/init.out") || fail "init printed no run command"
  read -ra words <<<"${line#  obsctl }"
  echo "running: obsctl ${words[*]} --no-node-exporter"
  set +e
  "$OBSCTL" "${words[@]}" --no-node-exporter >"$WORK/run.log" 2>&1
  local rc=$?
  set -e
  cat "$WORK/run.log"
  [[ $rc -eq 0 ]] || fail "the printed run command exited $rc"
}

case $MODE in
files)
  "$OBSCTL" init >init.out 2>&1 || { cat init.out; fail "init exited non-zero"; }
  cat init.out
  head -1 scenario.yaml | grep -Eq '^# yaml-language-server: \$schema=/.*scenario\.schema\.json$' ||
    fail "the scenario does not start with the schema comment: $(head -1 scenario.yaml)"
  grep -q '^wrote scenario.yaml$' init.out || fail "init did not say what it wrote"
  grep -q '^  obsctl validate scenario.yaml$' init.out || fail "init did not say how to validate"
  grep -q '^  obsctl run scenario.yaml --local-stack --time-scale 0.1$' init.out ||
    fail "init did not say how to run it"
  "$OBSCTL" validate scenario.yaml || fail "the scenario init wrote does not validate"
  pass "init writes a scenario that validates, and says what to run next"

  echo "# mine" >>scenario.yaml
  set +e; "$OBSCTL" init >again.out 2>&1; rc=$?; set -e
  cat again.out
  [[ $rc -eq 2 ]] || fail "init over an existing file exited $rc, expected 2"
  grep -q 'scenario.yaml: already exists; obsctl init does not overwrite it (--force does' again.out ||
    fail "init did not say why it refused"
  tail -1 scenario.yaml | grep -qx '# mine' || fail "init changed the existing file"
  "$OBSCTL" init --force >/dev/null && ! grep -q '# mine' scenario.yaml ||
    fail "--force did not overwrite"
  pass "init refuses to overwrite a file, --force overwrites it"

  # --rules: nothing is written when one of its three files exists.
  mkdir sub && touch sub/alertmanager.yml
  set +e; "$OBSCTL" init --rules sub/check.yaml >rules.out 2>&1; rc=$?; set -e
  [[ $rc -eq 2 && ! -e sub/check.yaml && ! -e sub/rules.yml && ! -s sub/alertmanager.yml ]] ||
    fail "init --rules wrote part of its files over an existing one (exit $rc)"
  pass "init --rules writes none of its files when one exists"

  "$OBSCTL" init --rules new/dir/check.yaml >rules.out 2>&1 || { cat rules.out; fail "init --rules into a new directory failed"; }
  [[ -f new/dir/check.yaml && -f new/dir/rules.yml && -f new/dir/alertmanager.yml ]] ||
    fail "init --rules did not write its three files into new/dir"
  grep -q '^  obsctl run new/dir/check.yaml --rules new/dir/rules.yml --alertmanager-config new/dir/alertmanager.yml --local-stack --time-scale 0.1$' rules.out ||
    fail "init --rules did not name the files where it wrote them"
  "$OBSCTL" validate new/dir/check.yaml --rules new/dir/rules.yml || fail "new/dir/check.yaml does not validate"
  pass "init --rules FILE writes beside FILE, making its directory"

  # --rules onto its own rules.yml would write the scenario and then the rules over it.
  set +e; "$OBSCTL" init --rules rules.yml >same.out 2>&1; rc=$?; set -e
  [[ $rc -eq 2 && ! -e rules.yml ]] || fail "init --rules rules.yml exited $rc or wrote rules.yml"
  grep -q 'the scenario would be overwritten' same.out || fail "init --rules rules.yml did not say why"
  pass "init --rules refuses a FILE that is one of its own files"

  # A file name YAML would read as something else (null) is still the scenario's name.
  "$OBSCTL" init null.yaml >/dev/null && "$OBSCTL" validate null.yaml >/dev/null ||
    fail "init null.yaml wrote a scenario that does not validate"
  grep -qx 'name: "null"' null.yaml || fail "init null.yaml did not quote the name"
  pass "init quotes the scenario's name"

  "$OBSCTL" init - >stdout.yaml 2>stdout.err || fail "init - exited non-zero"
  [[ ! -s stdout.err ]] || fail "init - printed to stderr: $(cat stdout.err)"
  head -1 stdout.yaml | grep -q '^# yaml-language-server: ' || fail "init - did not write the scenario"
  "$OBSCTL" validate stdout.yaml || fail "the scenario on stdout does not validate"
  pass "init - writes the scenario to stdout"
  ;;
scenario)
  "$OBSCTL" init >init.out 2>&1 || { cat init.out; fail "init exited non-zero"; }
  cat init.out
  "$OBSCTL" validate scenario.yaml || fail "the scenario init wrote does not validate"
  run_printed
  grep -Eq '^ +PASS +fire HighErrorRate ' run.log || fail "HighErrorRate did not fire in time"
  grep -Eq '^ +PASS +resolve HighErrorRate ' run.log || fail "HighErrorRate did not resolve in time"
  grep -q 'PASS  quiet: no unexpected alert fired' run.log || fail "another alert fired"
  pass "the scenario init wrote passes on the local stack"
  ;;
rules)
  "$OBSCTL" init --rules >init.out 2>&1 || { cat init.out; fail "init --rules exited non-zero"; }
  cat init.out
  for f in scenario.yaml rules.yml alertmanager.yml; do
    grep -q "^wrote $f$" init.out || fail "init --rules did not write $f"
  done
  "$PROMTOOL" check rules rules.yml || fail "promtool refused rules.yml"
  "$AMTOOL" check-config alertmanager.yml || fail "amtool refused alertmanager.yml"
  grep -q '^  obsctl validate scenario.yaml --rules rules.yml$' init.out ||
    fail "init --rules did not say how to validate"
  "$OBSCTL" validate scenario.yaml --rules rules.yml || fail "the scenario does not validate"
  grep -q '^  obsctl run scenario.yaml --rules rules.yml --alertmanager-config alertmanager.yml --local-stack --time-scale 0.1$' init.out ||
    fail "init --rules did not print the command that runs it"
  run_printed
  grep -Eq '^ +PASS +fire DemoappErrors ' run.log || fail "DemoappErrors did not fire in time"
  grep -Eq '^ +PASS +route DemoappErrors -> pager' run.log || fail "DemoappErrors did not reach pager"
  grep -Eq '^ +PASS +resolve DemoappErrors ' run.log || fail "DemoappErrors did not resolve in time"
  grep -q 'PASS  quiet: no unexpected alert fired' run.log || fail "another alert fired"
  pass "init --rules: the rule fires, pages and resolves on the local stack with the user's files"
  ;;
*) fail "unknown mode $MODE" ;;
esac
