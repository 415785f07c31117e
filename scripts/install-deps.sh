#!/usr/bin/env bash
# Installs every Debian package obsctl needs to build, test and run its local stack.
# Idempotent: packages already present are skipped by apt. Uses sudo only when not root.
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --build  only what configuring and building needs (scripts/test.sh
#                                    compiles while a second run installs the rest)
#   scripts/install-deps.sh --bench  also the load generators bench/ measures against (wrk,
#                                    h2load, ab, hey, autocannon) and nginx
set -euo pipefail

# What `cmake --preset ci` and its build need: the compiler, the libraries, and the programs
# tests/CMakeLists.txt looks for when it configures (promtool, amtool, docker-compose).
build_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libcurl4-openssl-dev prometheus-cpp-dev nlohmann-json3-dev libcli11-dev
  libboost-test-dev libboost1.74-dev libyaml-cpp-dev
  prometheus prometheus-alertmanager docker-compose
)
packages=(
  "${build_packages[@]}"
  curl python3-jsonschema python3-yaml victoria-metrics nginx-light apache2-utils openssl procps
  time  # scripts/abuse.sh (an integration test) measures each answer with /usr/bin/time
  clang-19 libclang-rt-19-dev  # the fuzz preset: libFuzzer (g++ has none)
  prometheus-pushgateway  # e2e: segments pushing their metrics
  chromium  # e2e: the HTML report opened headless
  prometheus-blackbox-exporter  # e2e: a probing exporter scraped through relabel_configs
  man-db  # tests: the generated man pages rendered with man -l
  prometheus-node-exporter  # the local stack's `node` job (host series, infrastructure rules)
  postgresql prometheus-postgres-exporter  # e2e: a rule on PostgreSQL's own counters
  dpkg-dev file  # cpack's Debian package: dpkg-shlibdeps finds the libraries it depends on
)
# stack/k8s's tests: kubectl (Debian's kubernetes-client, unless a kubectl is already here: the
# packages conflict) and node + npm for the offline schema validator.
command -v kubectl >/dev/null || packages+=(kubernetes-client)
command -v npm >/dev/null || packages+=(nodejs npm)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(wrk util-linux nghttp2-client hey)  # nghttp2-client: h2load
fi
if [[ "${1:-}" == "--build" ]]; then
  packages=("${build_packages[@]}")
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # unsafe-io: no sync per unpacked file (what Debian's container images set), a fresh machine
  # unpacks tens of thousands (Boost's headers, node's modules).
  $sudo apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-unsafe-io \
    "${missing[@]}" >/dev/null
  echo "install-deps: done"
fi
[[ "${1:-}" == "--build" ]] && exit 0

# Test-only tools from npm, pinned, into .tools/npm (each runs on Debian 12's node 18):
# Kubernetes' schemas for validating stack/k8s offline (kubernetes-models 4.x; it brings ajv,
# which also checks the Grafana annotation payloads), and puppeteer-core to drive Debian's
# chromium (it downloads no browser).
tools="$(cd "$(dirname "$0")/.." && pwd)/.tools/npm"
if [[ ! -f "$tools/node_modules/kubernetes-models/package.json" ||
      ! -f "$tools/node_modules/puppeteer-core/package.json" ]]; then
  echo "install-deps: npm install kubernetes-models@4.5.1 js-yaml@4.1.0 puppeteer-core@24.9.0 into $tools"
  mkdir -p "$tools"
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$tools" --no-audit --no-fund --silent \
    kubernetes-models@4.5.1 js-yaml@4.1.0 puppeteer-core@24.9.0
fi

# bench/peers.sh: autocannon, pinned (8.0.0 declares no engines: it runs on the node above).
if [[ "${1:-}" == "--bench" && ! -f "$tools/node_modules/autocannon/package.json" ]]; then
  echo "install-deps: npm install autocannon@8.0.0 into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent autocannon@8.0.0
fi
