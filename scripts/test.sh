#!/usr/bin/env bash
# Installs what is missing and passes every test: what CI runs (.ci/run).
#  1. the release build with -Werror, and every test on it (unit, integration, e2e);
#  2. meanwhile, at the lowest CPU priority (the e2e tests mostly wait on time-scaled rules),
#     the asan (address + undefined), tsan and fuzz builds;
#  3. the unit and integration tests under ASan+UBSan, then under TSan;
#  4. each libFuzzer target for a fixed number of inputs on its corpus;
#  5. last (the steps above read the checkout): the Debian package built from build/ci,
#     installed, and run with the checkout's scenarios/ and stack/ out of reach
#     (tests/package_test.sh; purged afterwards).
# Prints how long each part took. About 30 minutes on 2 cores from nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
part() { printf '== %s (at %dm%02ds)\n' "$1" $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)); }

part "install"
scripts/install-deps.sh
part "release build"
cmake --preset ci >/dev/null
cmake --build --preset ci

part "sanitizer and fuzz builds start in the background (build/background.log)"
mkdir -p build
(
  set -e
  nice -n 19 cmake --preset asan >/dev/null && nice -n 19 cmake --build --preset asan
  nice -n 19 cmake --preset tsan >/dev/null && nice -n 19 cmake --build --preset tsan
  nice -n 19 cmake --preset fuzz >/dev/null && nice -n 19 cmake --build --preset fuzz --target fuzz_targets
) >build/background.log 2>&1 &
background=$!

part "every test on the release build"
ctest_status=0
ctest --preset ci || ctest_status=$?

part "waiting for the background builds"
if ! wait "$background"; then
  tail -40 build/background.log
  echo "test.sh: a sanitizer or fuzz build failed (build/background.log)" >&2
  exit 1
fi
[[ $ctest_status -eq 0 ]] || { echo "test.sh: tests failed on the release build" >&2; exit 1; }

part "unit and integration tests under ASan + UBSan"
ctest --preset asan
part "unit and integration tests under TSan"
ctest --preset tsan
part "fuzz targets, 20000 inputs each"
scripts/fuzz.sh --runs 20000
part "the Debian package, installed and run with no checkout in reach"
tests/package_test.sh build/ci
part "all passed"
