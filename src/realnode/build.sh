#!/usr/bin/env bash
# Builds what the real-node test tier needs beyond the test control plane and caches it; prints the cache's bin
# directory on stdout: kubelet and kube-scheduler from the Go modules pinned in ../controlplane/go.mod (the same
# Kubernetes version and recipe as the control plane's binaries), and pause.tar, the pod sandbox image
# (localhost/pause:3.10, a static C program in an OCI archive written without a container engine: no registry
# is reachable from CI).
#
# Cache: ${IPAM_REAL_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipam-operator/real-node}/<key>/bin, <key> from
# go.mod, go.sum and this file (the control plane's scheme), so a version bump or a change here rebuilds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules="$here/../controlplane"
key="$(cat "$modules/go.mod" "$modules/go.sum" "$here/build.sh" | sha256sum | cut -c1-16)"
cache="${IPAM_REAL_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipam-operator/real-node}/$key"
outputs=(kubelet kube-scheduler pause.tar)

complete() { for b in "${outputs[@]}"; do [ -s "$cache/bin/$b" ] || return 1; done; }
if complete; then echo "$cache/bin"; exit 0; fi

command -v go >/dev/null || { echo "realnode/build.sh: no Go toolchain on PATH (Go >= 1.21 needed)" >&2; exit 1; }
command -v gcc >/dev/null || { echo "realnode/build.sh: no gcc on PATH (Debian: apt-get install gcc)" >&2; exit 1; }
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if complete; then echo "$cache/bin"; exit 0; fi

log() { echo "[real-node] $*" >&2; }
tmp="$cache/bin.tmp"; rm -rf "$tmp" "$cache/src"; mkdir -p "$tmp" "$cache/src"

# The control plane's module, copied so that the checkout is never touched; the kubelet and the scheduler need no
# module beyond what it pins.
cp "$modules/go.mod" "$modules/go.sum" "$cache/src/"
cd "$cache/src"
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
version="$(grep -o 'k8s.io/kubernetes v[0-9.]*' go.mod | cut -d' ' -f2)"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1 \
 -X k8s.io/component-base/version.gitMinor=$(echo "$version" | cut -d. -f2) -X k8s.io/component-base/version.gitTreeState=clean"
log "building kubelet and kube-scheduler $version into $cache/bin (once per machine; a few minutes on 2 cores)"
for name in kubelet kube-scheduler; do
  SECONDS=0
  go build -trimpath -ldflags "$ldflags" -o "$tmp/$name" "k8s.io/kubernetes/cmd/$name"
  log "built $name in ${SECONDS}s"
done

# The sandbox ("pause") image: sleeps until told to stop and reaps the children of the pod's PID namespace.
mkdir -p "$cache/src/pause/rootfs" "$cache/src/pause/blobs/sha256"
cat > "$cache/src/pause/pause.c" <<'C'
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
static void stop(int sig) { (void)sig; _exit(0); }
static void reap(int sig) { (void)sig; while (waitpid(-1, NULL, WNOHANG) > 0) { } }
int main(void) {
  struct sigaction s = {0};
  s.sa_handler = stop; sigaction(SIGTERM, &s, NULL); sigaction(SIGINT, &s, NULL);
  s.sa_handler = reap; sigaction(SIGCHLD, &s, NULL);
  for (;;) pause();
}
C
gcc -Os -static -s -o "$cache/src/pause/rootfs/pause" "$cache/src/pause/pause.c"
# An OCI image layout in a tar (what `ctr images import` reads): one gzip layer, its config, a manifest, an index.
p="$cache/src/pause"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$p/rootfs" -cf "$p/layer.tar" pause
diff_id="$(sha256sum < "$p/layer.tar" | cut -d' ' -f1)"
gzip -n -9 -c "$p/layer.tar" > "$p/layer.tar.gz"
blob() { local d; d="$(sha256sum < "$1" | cut -d' ' -f1)"; cp "$1" "$p/blobs/sha256/$d"; echo "$d $(stat -c %s "$1")"; }
read -r layer layer_size < <(blob "$p/layer.tar.gz")
printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/pause"],"User":"65535:65535"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$diff_id" > "$p/config.json"
read -r config config_size < <(blob "$p/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" > "$p/manifest.json"
read -r manifest manifest_size < <(blob "$p/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"localhost/pause:3.10","org.opencontainers.image.ref.name":"3.10"}}]}' \
  "$manifest" "$manifest_size" > "$p/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' > "$p/oci-layout"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$p" -cf "$tmp/pause.tar" oci-layout index.json blobs
log "built pause.tar (localhost/pause:3.10)"

rm -rf "$cache/bin" "$cache/src"; mv "$tmp" "$cache/bin"
echo "$cache/bin"
