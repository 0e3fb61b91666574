#!/usr/bin/env bash
# Builds the test control plane (etcd, kube-apiserver, kube-controller-manager) from the Go modules pinned in
# go.mod/go.sum next to this file and caches the binaries. Prints the cache directory on stdout.
# Used by the test suite and by the local run; nothing here ships with the operator.
#
# Cache: ${IPAM_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipam-operator/control-plane}/<key>/bin,
# where <key> is derived from go.mod and go.sum, so a version bump rebuilds and an empty cache rebuilds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
key="$(cat "$here/go.mod" "$here/go.sum" "$here/build.sh" | sha256sum | cut -c1-16)"
cache="${IPAM_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipam-operator/control-plane}/$key"
binaries=(etcd kube-apiserver kube-controller-manager)

complete() { for b in "${binaries[@]}"; do [ -x "$cache/bin/$b" ] || return 1; done; }

if complete; then echo "$cache/bin"; exit 0; fi

command -v go >/dev/null || { echo "build.sh: no Go toolchain on PATH; install Go >= 1.24 to build the test control plane" >&2; exit 1; }
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9   # two builds at once (parallel test JVMs) wait for each other
if complete; then echo "$cache/bin"; exit 0; fi

log() { echo "[control-plane] $*" >&2; }
log "building etcd, kube-apiserver and kube-controller-manager $(grep -o 'k8s.io/kubernetes v[0-9.]*' "$here/go.mod" | cut -d' ' -f2) into $cache/bin"
log "this happens once per machine (about 10-15 minutes on 2 cores); later runs reuse the cache"
tmp="$cache/bin.tmp"; rm -rf "$tmp"; mkdir -p "$tmp"
cd "$here"
export CGO_ENABLED=0 GOFLAGS=-mod=mod
version="$(grep -o 'k8s.io/kubernetes v[0-9.]*' go.mod | cut -d' ' -f2)"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1 \
 -X k8s.io/component-base/version.gitMinor=$(echo "$version" | cut -d. -f2) -X k8s.io/component-base/version.gitTreeState=clean"
for target in go.etcd.io/etcd/server/v3:etcd k8s.io/kubernetes/cmd/kube-apiserver:kube-apiserver \
              k8s.io/kubernetes/cmd/kube-controller-manager:kube-controller-manager; do
  pkg="${target%%:*}"; name="${target##*:}"
  log "go build $pkg"
  SECONDS=0
  go build -trimpath -ldflags "$ldflags" -o "$tmp/$name" "$pkg"
  log "built $name in ${SECONDS}s"
done
rm -rf "$cache/bin"; mv "$tmp" "$cache/bin"
echo "$cache/bin"
