#!/usr/bin/env bash
# Builds the Go tools the test suite runs against our release artefacts -- clusterctl (Cluster API's CLI, at the
# version of the CAPI contract we serve) and olm-validate (the operator-framework bundle validators) -- from the
# Go modules pinned in go.mod/go.sum next to this file, and caches them. Prints the bin directory on stdout.
# Nothing here ships with the operator.
#
# Cache: ${IPAM_TEST_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipam-operator/test-tools}/<key>/bin, where <key>
# is derived from the inputs below, so a version bump rebuilds and an empty cache rebuilds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
key="$(cat "$here/go.mod" "$here/go.sum" "$here/build.sh" "$here/olm-validate/main.go" | sha256sum | cut -c1-16)"
cache="${IPAM_TEST_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipam-operator/test-tools}/$key"
binaries=(clusterctl olm-validate)

complete() { for b in "${binaries[@]}"; do [ -x "$cache/bin/$b" ] || return 1; done; }

if complete; then echo "$cache/bin"; exit 0; fi

command -v go >/dev/null || { echo "build.sh: no Go toolchain on PATH; install Go >= 1.26 to build clusterctl and olm-validate" >&2; exit 1; }
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9   # parallel test JVMs wait for each other
if complete; then echo "$cache/bin"; exit 0; fi

log() { echo "[test-tools] $*" >&2; }
capi="$(grep -o 'sigs.k8s.io/cluster-api v[0-9.]*' "$here/go.mod" | cut -d' ' -f2)"
log "building clusterctl $capi and olm-validate into $cache/bin (once per machine, about 3 minutes on 2 cores)"
tmp="$cache/bin.tmp"; rm -rf "$tmp"; mkdir -p "$tmp"
cd "$here"
export CGO_ENABLED=0 GOFLAGS=-mod=mod
# clusterctl reports this version (and checks provider contracts against it), as a release build would.
version_pkg=sigs.k8s.io/cluster-api/version
ldflags="-s -w -X $version_pkg.gitVersion=$capi -X $version_pkg.gitMajor=1 \
 -X $version_pkg.gitMinor=$(echo "$capi" | cut -d. -f2) -X $version_pkg.gitTreeState=clean"
SECONDS=0
go build -trimpath -ldflags "$ldflags" -o "$tmp/clusterctl" sigs.k8s.io/cluster-api/cmd/clusterctl
go build -trimpath -ldflags "-s -w" -o "$tmp/olm-validate" ./olm-validate
log "built in ${SECONDS}s"
rm -rf "$cache/bin"; mv "$tmp" "$cache/bin"
echo "$cache/bin"
