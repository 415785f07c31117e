#!/usr/bin/env bash
# tests/package_test.sh [BUILD_DIR]   (default build/ci; run by scripts/test.sh, last)
# The Debian package as a user gets it: cpack builds obsctl_<version>_<arch>.deb from BUILD_DIR,
# apt installs it, the checkout's scenarios/ and stack/ are moved out of reach, and from an
# empty directory /usr/bin/obsctl lists /usr/share/obsctl's scenarios and passes
# `run errors --local-stack --time-scale 0.1` (its own demoapp, Prometheus and Alertmanager on
# free loopback ports). Always restores the checkout and purges the package. Needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD
build=$(cd "${1:-build/ci}" && pwd)
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
started=$SECONDS
step() { printf '== package_test: %s (at %ds)\n' "$1" $((SECONDS - started)); }
fail() { echo "package_test: FAIL: $*" >&2; exit 1; }

if dpkg-query -W -f='${Status}' obsctl 2>/dev/null | grep -q "install ok installed"; then
  fail "a package obsctl is already installed; this test installs and purges its own (apt-get purge obsctl)"
fi

step "cpack in $build"
rm -f "$build"/obsctl_*.deb
if ! log=$(cpack --config "$build/CPackConfig.cmake" -B "$build" 2>&1); then
  printf '%s\n' "$log"
  fail "cpack failed"
fi
deb=$(ls "$build"/obsctl_*_"$(dpkg --print-architecture)".deb)
echo "package_test: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"
dpkg-deb --field "$deb" Package Version Depends Recommends
dpkg-deb --field "$deb" Depends | grep -q "libcurl4" || fail "Depends does not name libcurl4"
dpkg-deb --field "$deb" Recommends | grep -q "prometheus-alertmanager" ||
  fail "Recommends does not name prometheus-alertmanager"

work=$(mktemp -d)
hidden=$(mktemp -d "$build/package_test.hidden.XXXXXX")
cleanup() {
  local status=$?
  set +e  # every step of the cleanup runs, whatever one of them says
  for dir in scenarios stack; do
    if [[ -e "$hidden/$dir" ]]; then
      if [[ -e "$checkout/$dir" ]] || ! mv "$hidden/$dir" "$checkout/$dir"; then
        echo "package_test: could not put $dir back: it is in $hidden/$dir" >&2
        status=1
      fi
    fi
  done
  rmdir "$hidden" 2>/dev/null
  $sudo apt-get purge -y -qq obsctl >/dev/null 2>&1
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "apt-get install $(basename "$deb")"
$sudo apt-get install -y -qq "$deb" >/dev/null
[[ -x /usr/bin/obsctl ]] || fail "/usr/bin/obsctl is not installed"

step "the checkout's scenarios/ and stack/ moved to $hidden"
mv "$checkout/scenarios" "$checkout/stack" "$hidden/"
cd "$work"
unset OBSCTL_DATA_DIR OBSCTL_SCENARIOS_DIR OBSCTL_STACK_DIR

step "obsctl --version, obsctl list"
/usr/bin/obsctl --version
/usr/bin/obsctl --version | grep -q ", data /usr/share/obsctl)$" ||
  fail "obsctl --version does not read /usr/share/obsctl"
list=$(/usr/bin/obsctl list)
head -3 <<<"$list"
grep -qx "scenarios in /usr/share/obsctl/scenarios" <<<"$list" ||
  fail "obsctl list does not read /usr/share/obsctl/scenarios"
grep -q "^errors " <<<"$list" || fail "obsctl list does not show the errors scenario"

step "obsctl run errors --local-stack --time-scale 0.1 --no-node-exporter"
status=0
/usr/bin/obsctl run errors --local-stack --time-scale 0.1 --no-node-exporter || status=$?
[[ $status -eq 0 ]] || fail "obsctl run errors exited $status"

cd "$checkout"
step "purge"
$sudo apt-get purge -y -qq obsctl >/dev/null
[[ ! -e /usr/bin/obsctl && ! -e /usr/share/obsctl ]] || fail "the purge left /usr/bin/obsctl or /usr/share/obsctl"
step "passed"
