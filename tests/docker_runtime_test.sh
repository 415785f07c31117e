#!/usr/bin/env bash
# The images' runtime stages install the Debian package of every library the binaries link
# directly (no Docker engine runs here: what the binary needs is read from its NEEDED entries
# and dpkg -S, what the image installs from its Dockerfile's last stage; apt brings the rest).
# Usage: docker_runtime_test.sh BINARY DOCKERFILE [BINARY DOCKERFILE...]
set -euo pipefail
status=0
while [[ $# -ge 2 ]]; do
  binary=$1 dockerfile=$2; shift 2
  runtime=$(awk '/^FROM /{stage=""} {stage = stage $0 "\n"} END {printf "%s", stage}' "$dockerfile")
  for soname in $(objdump -p "$binary" | awk '$1 == "NEEDED" {print $2}'); do
    # awk reads all of ldconfig's output (an early exit would kill ldconfig with SIGPIPE,
    # which pipefail turns into a failure of the whole script, now and then).
    path=$(ldconfig -p | awk -v s="$soname" '$1 == s && /x86-64|x86_64/ && !found {print $NF; found = 1}')
    [[ -n "$path" ]] || path=$(ldd "$binary" | awk -v s="$soname" '$1 == s {print $3}')
    # Merged /usr: dpkg may know the file under /lib or under /usr/lib.
    pkg=$( (dpkg -S "$path" || dpkg -S "$(readlink -f "$path")" || dpkg -S "${path#/usr}") 2>/dev/null |
          head -1 | cut -d: -f1) || true
    [[ -n "$pkg" ]] || { echo "FAIL $soname: no Debian package owns $path"; status=1; continue; }
    case "$pkg" in
      libc6|libgcc-s1|libstdc++6) continue ;;          # in debian:12-slim itself
      libasan*|libubsan*|libtsan*|liblsan*) continue ;;  # a sanitizer build's runtime, not the image's
    esac
    if grep -qw -- "$pkg" <<<"$runtime"; then
      echo "ok   $(basename "$binary") needs $soname: $pkg, installed by $(basename "$dockerfile")"
    else
      echo "FAIL $(basename "$binary") needs $soname from $pkg: $(basename "$dockerfile") does not install it"
      status=1
    fi
  done
done
exit $status
